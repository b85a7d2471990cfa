namespace Dashboard.Web.Persistence;

/// <summary>
/// Where the data-protection keys (they sign and encrypt the sign-in and antiforgery cookies) are kept at rest:
/// <c>DataDir/keys</c>, readable only by the dashboard's own user. The key files themselves are plain XML: Linux has
/// no DPAPI, and a certificate would only move the secret to another file beside them. So the folder's
/// permissions are what protects them, and ASP.NET Core's warning that no XML encryptor is configured says only
/// what was chosen (docs/security.md, "Data-protection keys"): it is not logged.
/// </summary>
public static class KeyFolder
{
    /// <summary>The logger category of that one warning; its other messages there are errors, still logged.</summary>
    public const string KeyManagerCategory = "Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager";

    /// <summary>rwx for the owner, nothing for anyone else (0700).</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Makes <c>keys</c> under <paramref name="dataDir"/> (or tightens it, if an older version made it open) and returns it.</summary>
    public static DirectoryInfo Prepare(string dataDir)
    {
        var path = Path.Combine(dataDir, "keys");
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(path);
        }

        var folder = Directory.CreateDirectory(path, OwnerOnly);
        File.SetUnixFileMode(path, OwnerOnly);
        return folder;
    }
}
