namespace Cairn.Search;

/// <summary>
/// A search. <see cref="Text"/> feeds the keyword arm (OR semantics: any word may match), <see cref="Vector"/> the
/// vector arm; give both for hybrid search, one of them for a single arm.
/// </summary>
public sealed record SearchQuery(string Text)
{
    public ReadOnlyMemory<float>? Vector { get; init; }

    public SearchFilter Filter { get; init; } = SearchFilter.None;

    /// <summary>How many hits to return, 1 to <see cref="SearchFields.MaxLimit"/>.</summary>
    public int Limit { get; init; } = 10;
}

/// <summary>Conditions every hit meets, in both arms. Empty lists and nulls mean "no condition"; lists match any of their values.</summary>
public sealed record SearchFilter
{
    public static readonly SearchFilter None = new();

    public IReadOnlyList<string> Kinds { get; init; } = [];

    /// <summary>Only documents owned by this agent.</summary>
    public string? Owner { get; init; }

    /// <summary>Only documents this agent may see: the public ones and its own private ones.</summary>
    public string? VisibleTo { get; init; }

    public IReadOnlyList<string> Scopes { get; init; } = [];

    public string? Domain { get; init; }

    /// <summary>Documents that name at least one of these tools.</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];

    public IReadOnlyList<string> Statuses { get; init; } = [];

    /// <summary>Documents whose quality is at least this; documents without a quality are left out.</summary>
    public double? MinQuality { get; init; }
}
