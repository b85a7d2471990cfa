namespace Dashboard.Web.Features.History;

/// <summary>Texts as the history stores them.</summary>
public static class HistoryText
{
    /// <summary>Cut to the target column's length.</summary>
    public static string Cut(string text) => text.Length <= HistoryItem.MaxTargetLength ? text : text[..(HistoryItem.MaxTargetLength - 1)] + "…";
}
