using System.Text.RegularExpressions;

namespace Cairn.Storage;

// Field names in queries are code, never caller input; this keeps every backend's query text safe to build.
public static partial class DocumentFields
{
    // Names every document type shares; a type's own names are in its nested Fields class (DocumentFieldNameTests).
    public const string Id = "id";
    public const string Kind = "kind";
    public const string CreatedAt = "created_at";

    public static void EnsureValid(DocumentQuery query)
    {
        if (query.Limit is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(query), "Limit must be between 1 and 1000.");
        }
        if (query.PartitionKeys is { } keys && (query.PartitionKey is not null || keys.Count > DocumentQuery.MaxPartitionKeys))
        {
            throw new ArgumentException($"PartitionKeys takes at most {DocumentQuery.MaxPartitionKeys} keys, and not with PartitionKey.", nameof(query));
        }
        foreach (var field in query.Filters.Select(f => f.Field).Append(query.OrderBy).OfType<string>())
        {
            if (!Name().IsMatch(field))
            {
                throw new ArgumentException($"'{field}' is not a valid document field name.", nameof(query));
            }
        }
    }

    // Counts stay inside one partition (see CountAsync).
    public static void EnsureCountable(DocumentQuery query)
    {
        EnsureValid(query);
        if (query.PartitionKey is null)
        {
            throw new ArgumentException("A count needs a partition key.", nameof(query));
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,63}$")]
    private static partial Regex Name();
}

// The caller sent a continuation token this store did not issue.
public sealed class InvalidContinuationTokenException() : StorageException("The continuation token is not valid.");

// Rules for bodies that every backend enforces alike.
public static class DocumentBodies
{
    // PostgreSQL's jsonb cannot hold U+0000, so no backend stores it: the same body must work everywhere.
    public static ArgumentException NulNotAllowed(Exception? inner = null) =>
        new("A document body cannot contain the character U+0000; remove it before storing.", inner);

    // True when serialised JSON holds an escaped U+0000 (an unescaped backslash before u0000).
    public static bool ContainsNul(ReadOnlySpan<byte> json)
    {
        var offset = 0;
        while (json[offset..].IndexOf("\\u0000"u8) is var found and >= 0)
        {
            var at = offset + found;
            var backslashes = 0;
            for (var i = at - 1; i >= 0 && json[i] == (byte)'\\'; i--)
            {
                backslashes++;
            }
            if (backslashes % 2 == 0)
            {
                return true;
            }
            offset = at + 1;
        }
        return false;
    }
}
