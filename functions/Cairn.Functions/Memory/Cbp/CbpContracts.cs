namespace Cairn.Memory;

[Cairn.Errors.CamelCaseAliases]
public sealed record CbpQueryRequest(string? Query, int? Limit);

[Cairn.Errors.CamelCaseAliases]
public sealed record CbpFeedbackRequest(string? PatternId, string? Feedback);

// A suggested pattern: only its normalised text and aggregate numbers, never who contributed it.
public sealed record CbpSuggestion(string Id, string Pattern, double SuccessRate, int Confirmations, int Rejections, int Contributors, double Score)
{
    public static CbpSuggestion From(CbpPattern p, double score) =>
        new(p.Id, p.Text!, Math.Round(p.SuccessRate, 4), p.Confirmations, p.Rejections, p.Contributors, Math.Round(score, 4));
}

public sealed record CbpQueryResponse(IReadOnlyList<CbpSuggestion> Results, int Count, int MinContributors);

public sealed record CbpFeedbackResponse(string PatternId, string Feedback, double SuccessRate, int Confirmations, int Rejections, bool Suppressed)
{
    public static CbpFeedbackResponse From(CbpPattern p, string feedback) =>
        new(p.Id, feedback, Math.Round(p.SuccessRate, 4), p.Confirmations, p.Rejections, p.Suppressed);
}
