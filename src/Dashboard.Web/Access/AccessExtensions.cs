using Dashboard.Web.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dashboard.Web.Access;

public static class AccessExtensions
{
    /// <summary>The scheme that picks, per request, between a token and the browser's cookie.</summary>
    public const string Scheme = "Dashboard";

    /// <summary>The browser's sign-in cookie.</summary>
    public const string CookieName = "sd-auth";

    /// <summary>
    /// Accounts (ASP.NET Core Identity on the dashboard's database, with lockout), the browser's cookie,
    /// API tokens, and a fallback policy: nothing is served to anyone not signed in unless it says so.
    /// </summary>
    public static WebApplicationBuilder AddAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var auth = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();

        builder.Services.AddIdentityCore<DashboardUser>(identity =>
            {
                identity.Lockout.MaxFailedAccessAttempts = auth.MaxFailedSignIns;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(auth.LockoutMinutes);
                identity.Lockout.AllowedForNewUsers = true;
                // Length over composition (NIST SP 800-63B): 12 characters, any of them.
                identity.Password.RequiredLength = 12;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireDigit = false;
                identity.User.AllowedUserNameCharacters += "+";
            })
            .AddEntityFrameworkStores<DashboardDb>()
            .AddPasswordValidator<PasswordStrength>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<DashboardClaims>();

        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = Scheme;
                options.DefaultChallengeScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "Token or browser", options =>
                options.ForwardDefaultSelector = context => TokenAuthentication.Carries(context) ? TokenAuthentication.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthentication>(TokenAuthentication.SchemeName, null)
            .AddIdentityCookies();
        builder.Services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/account/login";
            cookie.AccessDeniedPath = AccessDenied.Path;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(auth.SessionHours);
            cookie.SlidingExpiration = true;
            cookie.Events.OnRedirectToLogin = context => AccessProblems.IsMachineRequest(context.HttpContext)
                ? AccessProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized,
                    "sign in first: send Authorization: Bearer <token> (tokens are made on the Account page)")
                : Redirect(context);
            cookie.Events.OnRedirectToAccessDenied = context => AccessProblems.IsMachineRequest(context.HttpContext)
                ? AccessProblems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "your role does not allow this")
                : AccessDenied.RedirectAsync(context);
        });
        // PresentAccess checks every request's cookie against its user's security stamp; Identity's own check only renews the claims.
        builder.Services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<ApiTokens>();
        builder.Services.AddHostedService<AccountsBootstrap>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<UiActor>();
        builder.Services.AddScoped<CircuitHandler, UiActor.Capture>();
        // A scale-out seam, replaced by AddScaleOut before or after. What a sign-in may do is read from its user as they are now, not from the claims it was made with.
        builder.Services.TryAddSingleton<IAccessChangeFeed, LocalAccessChangeFeed>();
        builder.Services.AddSingleton<PresentAccess>();
        // In place of the server components' own (they add theirs only where none is), added before or after.
        builder.Services.RemoveAll<AuthenticationStateProvider>();
        builder.Services.AddScoped<AuthenticationStateProvider, PresentAuthenticationState>();
        return builder;
    }

    /// <summary>Authentication, then the present state of whoever it found (<see cref="PresentAccessMiddleware"/>).</summary>
    public static WebApplication UsePresentAuthentication(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseMiddleware<PresentAccessMiddleware>();
        return app;
    }

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
