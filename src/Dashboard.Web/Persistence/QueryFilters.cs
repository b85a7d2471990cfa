using System.Linq.Expressions;

namespace Dashboard.Web.Persistence;

/// <summary>
/// The optional filters of a search form (history, audit trail): a field left empty filters nothing, and a time
/// range is from (inclusive) to (exclusive) on a column of Unix milliseconds. Values reach SQL as parameters.
/// </summary>
public static class QueryFilters
{
    /// <summary><paramref name="query"/> narrowed by <paramref name="condition"/> on <paramref name="value"/> when one is given.</summary>
    public static IQueryable<T> WhereGiven<T, TValue>(this IQueryable<T> query, TValue? value, Func<TValue, Expression<Func<T, bool>>> condition)
        where TValue : class =>
        value is null ? query : query.Where(condition(value));

    /// <inheritdoc cref="WhereGiven{T, TValue}(IQueryable{T}, TValue, Func{TValue, Expression{Func{T, bool}}})"/>
    public static IQueryable<T> WhereGiven<T, TValue>(this IQueryable<T> query, TValue? value, Func<TValue, Expression<Func<T, bool>>> condition)
        where TValue : struct =>
        value is { } given ? query.Where(condition(given)) : query;

    /// <summary>Rows whose <paramref name="atMs"/> lies in [<paramref name="from"/>, <paramref name="to"/>), either end left open when not given.</summary>
    public static IQueryable<T> WhereWithin<T>(this IQueryable<T> query, DateTimeOffset? from, DateTimeOffset? to, Expression<Func<T, long>> atMs)
    {
        if (from is { } start)
        {
            query = query.Where(Compare(atMs, Expression.GreaterThanOrEqual, start.ToUnixTimeMilliseconds()));
        }

        if (to is { } end)
        {
            query = query.Where(Compare(atMs, Expression.LessThan, end.ToUnixTimeMilliseconds()));
        }

        return query;
    }

    private static Expression<Func<T, bool>> Compare<T>(Expression<Func<T, long>> atMs, Func<Expression, Expression, BinaryExpression> comparison, long ms)
    {
        // Through a closure, as a lambda would capture it: the provider sends a parameter, so one plan serves every range.
        Expression<Func<long>> captured = () => ms;
        return Expression.Lambda<Func<T, bool>>(comparison(atMs.Body, captured.Body), atMs.Parameters);
    }
}
