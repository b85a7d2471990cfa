namespace Dashboard.Web.Persistence;

/// <summary>
/// The folder for the SQLite database and the data-protection keys: <c>DataDir</c> from configuration,
/// by default <c>data</c> beside the content root (<c>/data</c> in the Docker image).
/// </summary>
public static class DataDirectory
{
    public const string Key = "DataDir";

    public static string Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[Key];
        var path = string.IsNullOrWhiteSpace(configured) ? Path.Combine(environment.ContentRootPath, "data") : configured;
        path = Path.GetFullPath(path, environment.ContentRootPath);
        Directory.CreateDirectory(path);
        return path;
    }
}
