using System.Text.Json.Serialization;
using Cairn.Storage;

namespace Cairn.Memory;

// A pattern in the collective pool, in its own partition (the pattern id, an HMAC). Until Contributors reaches k the
// pool holds no text at all, only hashes; the k-th contributor's normalised text is then stored so it can be suggested.
public sealed record CbpPattern(
    string Id,
    string? Text,
    int Contributors,
    int Confirmations,
    int Rejections,
    bool Suppressed,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PublishedAt)
{
    public string Kind { get; } = "pattern";

    // Confirmations and rejections with one of each assumed (Laplace): 0.5 with no feedback, moving with each verdict.
    [JsonIgnore]
    public double SuccessRate => (Confirmations + 1.0) / (Confirmations + Rejections + 2.0);
}

// That one (hashed) agent contributed the pattern; its id contributor:{hash} makes a second contribution a no-op.
public sealed record CbpContribution(string Contributor, DateTimeOffset ContributedAt)
{
    public const string DocumentKind = "contribution";

    // Names its queries filter and sort on, as stored (DocumentFieldNameTests checks them against the JSON).
    public static class Fields
    {
        public const string Kind = DocumentFields.Kind;
    }

    public string Kind { get; } = DocumentKind;
}

// One (hashed) agent's verdict on the pattern; it may change its mind.
public sealed record CbpFeedback(string Contributor, string Verdict, DateTimeOffset GivenAt)
{
    public const string DocumentKind = "feedback";

    // Names its queries filter and sort on, as stored (DocumentFieldNameTests checks them against the JSON).
    public static class Fields
    {
        public const string Kind = DocumentFields.Kind;
        public const string Verdict = "verdict";
    }

    public string Kind { get; } = DocumentKind;
}

public static class CbpVerdicts
{
    public const string Confirm = "confirm";
    public const string Reject = "reject";
    public static readonly string[] All = [Confirm, Reject];
}

internal static class CbpDocumentIds
{
    public const string Pattern = "pattern";

    public static string Contribution(string contributor) => $"contributor:{contributor}";

    public static string Feedback(string contributor) => $"feedback:{contributor}";
}
