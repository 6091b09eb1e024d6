using System.ComponentModel.DataAnnotations;

namespace Cairn.Engrams;

public sealed class EngramOptions
{
    public const string Section = "Cairn:Engrams";

    /// <summary>d in A(t) = ln(Σ tᵢ^-d); ACT-R's customary 0.5.</summary>
    [Range(0.05, 0.95)]
    public double DecayRate { get; set; } = 0.5;

    /// <summary>Active engrams whose activation falls below this go dormant; -2.25 is one access 90 days ago (d = 0.5).</summary>
    [Range(-20.0, 5.0)]
    public double DormancyThreshold { get; set; } = -2.25;

    /// <summary>How many times a candidate must be learned (the first time included) before the promotion job activates it.</summary>
    [Range(2, 100)]
    public int PromotionRecurrences { get; set; } = 3;

    /// <summary>Content-word overlap (Jaccard) above which two engrams of opposite polarity count as the same subject.</summary>
    [Range(0.1, 1.0)]
    public double ConflictSimilarity { get; set; } = 0.5;

    /// <summary>Decay takes retrieval strength no lower than storage_strength × this (durable engrams hold, transient ones fade).</summary>
    [Range(0.0, 1.0)]
    public double StorageFloor { get; set; } = 0.2;

    /// <summary>Cosine similarity of statements at or above which learning warns of a possible duplicate in the same scope.</summary>
    [Range(0.5, 1.0)]
    public double DuplicateSimilarity { get; set; } = 0.85;

    /// <summary>Recall token budget when the request names none.</summary>
    [Range(50, 100_000)]
    public int DefaultRecallBudget { get; set; } = 2000;
}
