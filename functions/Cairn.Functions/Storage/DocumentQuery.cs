namespace Cairn.Storage;

/// <summary>
/// A backend-neutral query: equality, set, range and array-membership filters on top-level snake_case fields,
/// one ORDER BY field, and a page size. Deliberately small, so every backend can answer it with an index.
/// </summary>
public sealed record DocumentQuery(string Container)
{
    /// <summary>Restrict to one partition; null queries across partitions (avoid on hot paths).</summary>
    public string? PartitionKey { get; init; }

    /// <summary>
    /// Restrict to these partitions, in one query (instead of one query per partition); empty matches nothing. At most
    /// <see cref="MaxPartitionKeys"/>, and not with <see cref="PartitionKey"/>.
    /// </summary>
    public IReadOnlyList<string>? PartitionKeys { get; init; }

    public const int MaxPartitionKeys = 100;

    public IReadOnlyList<Filter> Filters { get; init; } = [];

    /// <summary>Field to order by; ties break on partition key and id so paging is stable.</summary>
    public string? OrderBy { get; init; }

    public bool Descending { get; init; }

    public int Limit { get; init; } = 50;

    public string? ContinuationToken { get; init; }
}

/// <summary>A condition on one top-level field of the document body.</summary>
public abstract record Filter(string Field)
{
    public static Filter Eq(string field, object? value) => new EqualsFilter(field, value);
    public static Filter In(string field, IReadOnlyList<object> values) => new InFilter(field, values);
    public static Filter Contains(string field, object value) => new ArrayContainsFilter(field, value);
    public static Filter Compare(string field, ComparisonOperator op, object value) => new ComparisonFilter(field, op, value);
}

public sealed record EqualsFilter(string Field, object? Value) : Filter(Field);

public sealed record InFilter(string Field, IReadOnlyList<object> Values) : Filter(Field);

/// <summary>The field is an array that holds <see cref="Value"/>.</summary>
public sealed record ArrayContainsFilter(string Field, object Value) : Filter(Field);

public sealed record ComparisonFilter(string Field, ComparisonOperator Operator, object Value) : Filter(Field);

public enum ComparisonOperator
{
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
}

public static class ComparisonOperatorSql
{
    /// <summary>The operator as both PostgreSQL and Cosmos SQL spell it.</summary>
    public static string ToSql(this ComparisonOperator op) => op switch
    {
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.LessThanOrEqual => "<=",
        ComparisonOperator.GreaterThan => ">",
        ComparisonOperator.GreaterThanOrEqual => ">=",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };
}
