using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;

namespace Dashboard.Tests.Support;

/// <summary>What <c>nmap -sV</c> (Debian's nmap, the reference) says runs on each port: its service name, product and version.</summary>
public static class NmapServices
{
    /// <summary>One port as nmap's XML reports it; <c>Method</c> is <c>probed</c> when nmap recognised it, <c>table</c> when it only guessed from the port.</summary>
    public sealed record Service(int Port, string State, string? Name, string? Product, string? Version, string? Method);

    /// <summary>Runs <c>nmap -sV -Pn -n -p PORTS ADDRESS</c> to its end; its findings by port.</summary>
    public static async Task<IReadOnlyDictionary<int, Service>> ScanAsync(string address, IEnumerable<int> ports, CancellationToken cancellationToken,
        string extra = "")
    {
        var start = new ProcessStartInfo("nmap", $"-sV -Pn -n {extra} -p {string.Join(',', ports)} -oX - {address}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("nmap did not start (apt-get install -y nmap)");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"nmap failed ({process.ExitCode}): {await error}");
        }

        return XDocument.Parse(await output).Descendants("port").Select(p =>
        {
            var service = p.Element("service");
            return new Service(int.Parse(p.Attribute("portid")!.Value, CultureInfo.InvariantCulture), p.Element("state")?.Attribute("state")?.Value ?? "",
                service?.Attribute("name")?.Value, service?.Attribute("product")?.Value, service?.Attribute("version")?.Value, service?.Attribute("method")?.Value);
        }).ToDictionary(s => s.Port);
    }
}
