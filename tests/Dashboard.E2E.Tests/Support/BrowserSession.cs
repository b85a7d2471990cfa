using Dashboard.Web.Access;
using Dashboard.Web.Features.Account;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashboard.E2E.Tests.Support;

/// <summary>
/// The dashboard on a real loopback port and Debian's Chromium driven by Playwright: one per
/// test class. Nothing is downloaded: the browser is /usr/bin/chromium (CHROMIUM_PATH overrides).
/// </summary>
public class BrowserSession : IAsyncLifetime
{
    public BrowserSession()
        : this(new DashboardHost())
    {
    }

    /// <summary>A session on a dashboard with settings of a test class's own (a subclass passes it).</summary>
    protected BrowserSession(DashboardHost dashboard) => Dashboard = dashboard;

    // Expect waits for a state; its timeout only says how long a busy machine (a fresh clone: cold
    // JIT, every browser suite at once on two cores) may take to reach it. Longer than any budget a
    // test gives the server (a 10 s reply window), so a failure shows the state reached, not a timeout.
    static BrowserSession() => Assertions.SetDefaultExpectTimeout(30_000);

    // Records every state of the reconnect dialog, from before the page's scripts run.
    private const string RecordCircuitStates = """
        window.circuitStates = [];
        document.addEventListener("components-reconnect-state-changed", e => window.circuitStates.push(e.detail.state), true);
        """;

    private IPlaywright? _playwright;

    public DashboardHost Dashboard { get; }

    public IBrowser Browser { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Chromium not found at {executable}: apt-get install -y chromium (or set CHROMIUM_PATH)");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>
    /// A fresh browser context (own cookies) signed in as the first admin (or as <paramref name="user"/>),
    /// with a page at <paramref name="path"/>, once the circuit is interactive.
    /// </summary>
    public async Task<IPage> OpenAsync(string path = "", int width = 1280, (string Name, string Password)? user = null)
    {
        var page = await NewPageAsync(width);
        var (name, password) = user ?? (DashboardHost.AdminName, DashboardHost.AdminPassword);
        await SignInAsync(page, name, password);
        await page.GotoAsync(path);
        await WaitInteractiveAsync(page);
        return page;
    }

    /// <summary>
    /// A user the first admin adds, for a test to sign in as (<c>OpenAsync(user: ...)</c>): the password is the
    /// name and <c>-password-123</c>, long enough for the password rule.
    /// </summary>
    public async Task<(string Name, string Password)> AddUserAsync(string name, Role role)
    {
        var password = $"{name}-password-123";
        await Dashboard.Services.GetRequiredService<AccountService>().AddUserAsync(Dashboard.Admin, name, password, role, CancellationToken.None);
        return (name, password);
    }

    /// <summary>
    /// A page for the accessibility sweep: a fresh context in <paramref name="theme"/> ("light" or "dark",
    /// by the theme cookie and the system preference), signed in as the first admin. It bypasses the
    /// Content-Security-Policy so axe-core can be injected: use it for nothing else.
    /// </summary>
    public async Task<IPage> NewSweepPageAsync(string theme, int width)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Dashboard.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 800 : 900 },
            ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
            BypassCSP = true,
        });
        await context.AddCookiesAsync([new Cookie { Name = "sd-theme", Value = theme, Url = Dashboard.BaseAddress.ToString() }]);
        var page = await context.NewPageAsync();
        await SignInAsync(page, DashboardHost.AdminName, DashboardHost.AdminPassword);
        return page;
    }

    /// <summary>A page in a fresh context, signed in as nobody.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Dashboard.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            AcceptDownloads = true,
        });
        await context.AddInitScriptAsync(RecordCircuitStates);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the sign-in page and waits for the page it leads to.</summary>
    public static async Task SignInAsync(IPage page, string name, string password)
    {
        await page.GotoAsync("account/login");
        await page.Locator("#signin-user").FillAsync(name);
        await page.Locator("#signin-password").FillAsync(password);
        await page.Locator("#signin-submit").ClickAsync();
        // A fresh host's first sign-in (migrations, JIT, a password hash) on a loaded two-core machine may take long.
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = 90_000 });
    }

    public static Task WaitInteractiveAsync(IPage page) =>
        page.Locator("#interactive-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>The states the circuit's reconnect dialog went through on this page; empty while the circuit never dropped.</summary>
    public static Task<string[]> CircuitStatesAsync(IPage page) => page.EvaluateAsync<string[]>("() => window.circuitStates");

    /// <summary>
    /// Where a screenshot goes: beside the test binaries, or into the repository's committed
    /// docs/screenshots when DASHBOARD_SCREENSHOTS=docs (so a plain test run leaves the tree clean).
    /// </summary>
    public static string ScreenshotPath(string name)
    {
        var folder = Environment.GetEnvironmentVariable("DASHBOARD_SCREENSHOTS") == "docs"
            ? Path.Combine(Repository.Root, "docs", "screenshots")
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Dashboard.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
