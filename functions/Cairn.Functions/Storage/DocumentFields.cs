using System.Text.RegularExpressions;

namespace Cairn.Storage;

/// <summary>Field names in queries are code, never caller input; this keeps every backend's query text safe to build.</summary>
public static partial class DocumentFields
{
    public static void EnsureValid(DocumentQuery query)
    {
        if (query.Limit is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(query), "Limit must be between 1 and 1000.");
        }
        foreach (var field in query.Filters.Select(f => f.Field).Append(query.OrderBy).OfType<string>())
        {
            if (!Name().IsMatch(field))
            {
                throw new ArgumentException($"'{field}' is not a valid document field name.", nameof(query));
            }
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,63}$")]
    private static partial Regex Name();
}

/// <summary>The caller sent a continuation token this store did not issue.</summary>
public sealed class InvalidContinuationTokenException() : StorageException("The continuation token is not valid.");
