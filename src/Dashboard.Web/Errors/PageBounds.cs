namespace Dashboard.Web.Errors;

/// <summary>The one rule for a paged read (scan results, history, audit trail): pages count from 1, and a page holds at most what its reader allows.</summary>
public static class PageBounds
{
    /// <exception cref="InvalidRequestException"><paramref name="page"/> below 1, or <paramref name="pageSize"/> outside 1 to <paramref name="maxPageSize"/>.</exception>
    public static void Check(int page, int pageSize, int maxPageSize)
    {
        if (page < 1)
        {
            throw new InvalidRequestException($"page must be 1 or more, got {page}");
        }

        if (pageSize < 1 || pageSize > maxPageSize)
        {
            throw new InvalidRequestException($"pageSize must be 1-{maxPageSize}, got {pageSize}");
        }
    }

    /// <summary>How many pages <paramref name="total"/> rows fill, at least one (an empty list is one empty page).</summary>
    public static int Count(long total, int pageSize) => (int)Math.Max(1, (total + pageSize - 1) / pageSize);
}
