using System.Collections.Concurrent;
using Dashboard.Contracts.Paths;

namespace Dashboard.Web.Features.Paths;

/// <summary>
/// Recent path matrices, newest first, at most <see cref="MaxKept"/>: the results are records made to be
/// stored as they are (history keeps them once it exists).
/// </summary>
public sealed class PathMatrices
{
    public const int MaxKept = 100;

    private readonly ConcurrentDictionary<string, PathMatrixResult> _kept = new(StringComparer.Ordinal);

    public void Keep(PathMatrixResult matrix)
    {
        _kept[matrix.Id] = matrix;
        foreach (var old in _kept.Values.OrderByDescending(m => m.StartedAt).Skip(MaxKept))
        {
            _kept.TryRemove(old.Id, out _);
        }
    }

    /// <exception cref="RequestRefusedException">Not found.</exception>
    public PathMatrixResult Get(string? id) =>
        id is not null && _kept.TryGetValue(id, out var matrix)
            ? matrix
            : throw RequestRefusedException.NotFound($"matrixId '{id}' is not a recent path matrix (the last {MaxKept} are kept)");

    public IReadOnlyList<PathMatrixResult> Recent() => [.. _kept.Values.OrderByDescending(m => m.StartedAt)];
}
