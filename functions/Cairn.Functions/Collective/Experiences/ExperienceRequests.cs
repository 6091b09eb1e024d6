using Cairn.Errors;

namespace Cairn.Collective.Experiences;

public sealed record DeadEndInput(string? What, string? Why);

public sealed record BreakthroughInput(string? Insight, string? Detail, string? Importance);

public sealed record GotchaInput(string? Warning, string? Context);

public sealed record ArtifactInput(string? Language, string? Code, string? Description);

public sealed record CreateExperienceRequest(
    string? Goal,
    string? Domain,
    List<string>? ToolsUsed,
    string? Outcome,
    List<DeadEndInput>? DeadEnds,
    List<BreakthroughInput>? Breakthroughs,
    List<GotchaInput>? Gotchas,
    List<ArtifactInput>? Artifacts,
    List<string>? Notes,
    string? Visibility);

public sealed record ReportOutcomeRequest(bool? Success, long? ExecutionTimeMs, string? ErrorMessage, string? ContextNotes);

public sealed record VoteRequest(string? VoteType);

public sealed record AcquireRequest(string? Mode);

// Size limits of everything agents write, in one place (characters unless stated).
public static class ContentLimits
{
    public const int Goal = 500;
    public const int Query = 2_000;
    public const int SearchLimit = 50;
    public const int DefaultSearchLimit = 10;
    public const double MaxExecutionTimeMs = 7 * 24 * 60 * 60 * 1000.0;
    public const int Domain = 64;
    public const int Tool = 64;
    public const int Tools = 20;
    public const int Text = 8_000;
    public const int Code = 20_000;
    public const int Items = 100;

    // NFC, so a domain or tool typed with a combining accent and one typed precomposed are the same name.
    public static string? NormalizeDomain(string? domain) => domain is null ? null : UnicodeForms.ToNfc(domain.Trim()).ToLowerInvariant() is { Length: > 0 } d ? d : null;

    public static IReadOnlyList<string> NormalizeTools(IEnumerable<string?>? tools) =>
        tools?.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => UnicodeForms.ToNfc(t!.Trim()).ToLowerInvariant()).Distinct().ToList() ?? [];

    public static Validator CheckDomainAndTools(this Validator v, string? domain, IReadOnlyList<string?>? tools, string toolsField = "tools_used")
    {
        v.Length("domain", domain?.Trim(), 0, Domain).Label("domain", domain?.Trim());
        if (tools is not null)
        {
            if (tools.Count > Tools)
            {
                v.Add(toolsField, $"must have at most {Tools} items.");
            }
            for (var i = 0; i < tools.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(tools[i]))
                {
                    v.Add($"{toolsField}[{i}]", "must not be empty.");
                }
                v.Length($"{toolsField}[{i}]", tools[i], 0, Tool).Label($"{toolsField}[{i}]", tools[i]?.Trim());
            }
        }
        return v;
    }
}

// Turns validated inputs into the stored content; every text is trimmed, lists are bounded.
public static class ExperienceInput
{
    public static readonly string[] Importances = ["high", "medium", "low"];

    public static ExperienceContent Validate(Validator v, CreateExperienceRequest r)
    {
        CheckCount(v, "dead_ends", r.DeadEnds?.Count);
        CheckCount(v, "breakthroughs", r.Breakthroughs?.Count);
        CheckCount(v, "gotchas", r.Gotchas?.Count);
        CheckCount(v, "artifacts", r.Artifacts?.Count);
        CheckCount(v, "notes", r.Notes?.Count);
        var deadEnds = (r.DeadEnds ?? []).Select((d, i) => DeadEnd(v, $"dead_ends[{i}]", d?.What, d?.Why)).ToList();
        var breakthroughs = (r.Breakthroughs ?? []).Select((b, i) => Breakthrough(v, $"breakthroughs[{i}]", b?.Insight, b?.Detail, b?.Importance)).ToList();
        var gotchas = (r.Gotchas ?? []).Select((g, i) => Gotcha(v, $"gotchas[{i}]", g?.Warning, g?.Context)).ToList();
        var artifacts = (r.Artifacts ?? []).Select((a, i) => Artifact(v, $"artifacts[{i}]", a?.Language, a?.Code, a?.Description)).ToList();
        var notes = (r.Notes ?? []).Select((n, i) => Text(v, $"notes[{i}]", n, required: true)!).ToList();
        return new ExperienceContent(deadEnds, breakthroughs, gotchas, artifacts, notes);
    }

    public static DeadEnd DeadEnd(Validator v, string path, string? what, string? why) =>
        new(Text(v, $"{path}.what", what, required: true)!, Text(v, $"{path}.why", why, required: false));

    public static Breakthrough Breakthrough(Validator v, string path, string? insight, string? detail, string? importance)
    {
        var level = importance?.Trim().ToLowerInvariant() ?? "medium";
        v.OneOf($"{path}.importance", level, Importances);
        return new(Text(v, $"{path}.insight", insight, required: true)!, Text(v, $"{path}.detail", detail, required: false), level);
    }

    public static Gotcha Gotcha(Validator v, string path, string? warning, string? context) =>
        new(Text(v, $"{path}.warning", warning, required: true)!, Text(v, $"{path}.context", context, required: false));

    public static Artifact Artifact(Validator v, string path, string? language, string? code, string? description)
    {
        v.Required($"{path}.code", code).Length($"{path}.code", code, 0, ContentLimits.Code).Length($"{path}.language", language?.Trim(), 0, 32);
        return new(language?.Trim().ToLowerInvariant(), code ?? "", Text(v, $"{path}.description", description, required: false));
    }

    public static string? Text(Validator v, string field, string? value, bool required)
    {
        if (required)
        {
            v.Required(field, value);
        }
        v.Length(field, value?.Trim(), 0, ContentLimits.Text);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static void CheckCount(Validator v, string field, int? count)
    {
        if (count > ContentLimits.Items)
        {
            v.Add(field, $"must have at most {ContentLimits.Items} items.");
        }
    }
}

public sealed record SearchRequest(string? Query, string? Domain, List<string>? Tools, double? MinQuality, int? Limit);
