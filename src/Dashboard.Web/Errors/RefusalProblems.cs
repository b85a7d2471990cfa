using System.Globalization;
using Dashboard.Web.Access;
using Dashboard.Web.Operations;

namespace Dashboard.Web.Errors;

/// <summary>Refusals as RFC 7807 problem details: 400 with <c>errors</c> per field, 403, 404, 409, 429 with <c>Retry-After</c>.</summary>
public static class RefusalProblems
{
    public static IResult ToProblem(RequestRefusedException refusal, HttpContext http)
    {
        if (refusal is InvalidRequestException invalid)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [invalid.Field] = [invalid.Message] }, detail: invalid.Message, title: "The request is not valid");
        }

        if (refusal.RetryAfter is { } retry)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var (status, title) = refusal.Kind switch
        {
            ErrorKind.Forbidden => (StatusCodes.Status403Forbidden, "Forbidden"),
            ErrorKind.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            ErrorKind.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
            ErrorKind.LimitReached => (StatusCodes.Status429TooManyRequests, "Limit reached"),
            _ => (StatusCodes.Status400BadRequest, "The request is not valid"),
        };
        return TypedResults.Problem(refusal.Message, statusCode: status, title: title);
    }

    /// <summary>The filter every <c>/api</c> group carries: refusals become problem details, logged in one line and counted.</summary>
    public static RouteGroupBuilder WithRefusalsAsProblems(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            using var scope = ActorScope.Begin(context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RefusalProblems)),
                context.HttpContext, Door.Api);
            try
            {
                return await next(context);
            }
            catch (RequestRefusedException e)
            {
                var http = context.HttpContext;
                http.RequestServices.GetRequiredService<DashboardMetrics>().Refused(e.Kind, Door.Api);
                RefusalLog.Refused(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RefusalProblems)), e,
                    $"{http.Request.Method} {http.Request.Path}", Door.Api, http);
                return ToProblem(e, http);
            }
        });
        return group;
    }
}
