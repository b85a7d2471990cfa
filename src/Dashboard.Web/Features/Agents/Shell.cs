using System.Buffers;

namespace Dashboard.Web.Features.Agents;

/// <summary>Words of a command a user copies into a POSIX shell: left as they are when plain, else in single quotes.</summary>
public static class Shell
{
    private static readonly SearchValues<char> Plain =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_[]");

    /// <summary><paramref name="word"/> as one word for sh: <c>edge-1</c>, <c>'it'\''s'</c>, <c>''</c>.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && !word.AsSpan().ContainsAnyExcept(Plain) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
