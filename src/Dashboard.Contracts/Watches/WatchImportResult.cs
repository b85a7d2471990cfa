using System.Text.Json.Serialization;

namespace Dashboard.Contracts.Watches;

/// <summary>What an import did (or, in a dry run, would do) to one watch.</summary>
[JsonConverter(typeof(WireEnumConverter<WatchImportAction>))]
public enum WatchImportAction
{
    /// <summary>Not there before: made, owned by the importer.</summary>
    [JsonStringEnumMemberName("created")] Created,

    /// <summary>There, with other fields: replaced (its state starts again from unknown).</summary>
    [JsonStringEnumMemberName("updated")] Updated,

    /// <summary>There, the same: left alone.</summary>
    [JsonStringEnumMemberName("unchanged")] Unchanged,

    /// <summary>prune=true: in an imported group, not named by the document: deleted.</summary>
    [JsonStringEnumMemberName("deleted")] Deleted,

    /// <summary>prune=true: not named by the document, but someone else's, which an Operator may not delete: kept.</summary>
    [JsonStringEnumMemberName("kept")] Kept,

    /// <summary>Invalid or not allowed: the import applies nothing.</summary>
    [JsonStringEnumMemberName("error")] Error,
}

/// <summary>One field a watch's update changes, each value as the wire's JSON writes it (absent: null).</summary>
public sealed record WatchFieldChange(string Field, string? Old, string? New);

/// <summary>One watch of an import.</summary>
/// <param name="Name">The watch's name (as the document gives it; for a deleted or kept one, as stored).</param>
/// <param name="Action">created, updated, unchanged, deleted, kept or error.</param>
/// <param name="Index">Its place in the document's <c>watches</c> list, from 0 (none for deleted and kept ones).</param>
/// <param name="Line">Its line in the document, from 1.</param>
/// <param name="Id">The stored watch's id (a created one's once made; none in a dry run).</param>
/// <param name="Changes">updated: each changed field, old and new.</param>
/// <param name="Field">error: the field at fault (<c>port</c>), or <c>watch</c> when it is the watch as a whole.</param>
/// <param name="Error">error: what is wrong and what is allowed; kept: why.</param>
public sealed record WatchImportItem(
    string Name,
    WatchImportAction Action,
    int? Index = null,
    int? Line = null,
    string? Id = null,
    IReadOnlyList<WatchFieldChange>? Changes = null,
    string? Field = null,
    string? Error = null);

/// <summary>An import's answer: every watch it named or pruned, and the counts.</summary>
/// <param name="DryRun">Nothing was changed; this is what the import would do.</param>
/// <param name="Applied">The changes were made (false in a dry run, and when any watch is in error: then nothing is).</param>
/// <param name="Groups">The groups the document's watches are in (what prune=true prunes).</param>
/// <param name="Created">How many watches are (or would be) made.</param>
/// <param name="Updated">How many are (or would be) replaced.</param>
/// <param name="Unchanged">How many are the same and left alone.</param>
/// <param name="Deleted">How many are (or would be) deleted by prune=true.</param>
/// <param name="Errors">How many are in error: more than none, and nothing is applied.</param>
/// <param name="Watches">Each watch: the document's in its order, then the pruned and kept ones by name.</param>
public sealed record WatchImportResult(
    bool DryRun,
    bool Applied,
    IReadOnlyList<string> Groups,
    int Created,
    int Updated,
    int Unchanged,
    int Deleted,
    int Errors,
    IReadOnlyList<WatchImportItem> Watches);
