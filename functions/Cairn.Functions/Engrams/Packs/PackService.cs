using System.Text;
using System.Text.Json.Nodes;
using Cairn.Engrams.Recall;
using Cairn.Engrams.Schema;
using Cairn.Errors;
using Cairn.Safety;
using Cairn.Storage;

namespace Cairn.Engrams.Packs;

public sealed record ImportedEngram(string Id, string Outcome, string? Detail);

public sealed record ImportResponse(int Imported, int Skipped, IReadOnlyList<ImportedEngram> Engrams, IReadOnlyList<EngramWarning> Warnings);

/// <summary>
/// Packs in PLUR's engrams.yaml layout: a mapping whose <c>engrams</c> key lists engram mappings. Export writes the
/// owner's engrams exactly as stored; import validates the whole pack first (errors at <c>engrams[i].path</c>), then
/// creates each engram as learning does, keeping its id and status, and skips ids or statements the owner already has.
/// </summary>
public sealed class PackService(EngramStore store, LearnService learn, ScopeMembership membership, TimeProvider clock)
{
    public const string YamlContentType = "application/yaml; charset=utf-8";
    public const int MaxEngramsPerImport = 5000;

    public async Task<string> ExportAsync(Guid ownerId, string? scope, string? status, bool pack, CancellationToken cancellationToken)
    {
        if (status is not null)
        {
            new Validator().OneOf("status", status, EngramSchema.Statuses).ThrowIfInvalid();
        }
        var scopes = scope is not null ? [scope] : await ScopesAsync(ownerId, cancellationToken);
        var engrams = new List<StoredEngram>();
        foreach (var each in scopes)
        {
            await foreach (var document in store.InScopeAsync(each, e => e.OwnerId == ownerId, cancellationToken))
            {
                engrams.Add(document.Body);
            }
        }
        var items = new JsonArray();
        foreach (var stored in engrams.Where(e => status is null || e.Status == status).OrderBy(e => e.EngramId, StringComparer.Ordinal))
        {
            var engram = stored.Parse();
            // Private engrams never leave in a pack meant for others (PLUR: "private engrams MUST NOT be exported in packs"),
            // nor do non-portable ones (a license other than an open one, e.g. proprietary).
            if (!pack || (engram.Visibility != "private" && Licenses.IsPortable(engram.Json)))
            {
                items.Add(engram.Json);
            }
        }
        if (pack)
        {
            // A pack is made to be handed to others: it leaves only when nothing in it is a secret or personal data.
            ContentScanner.ThrowIfSensitive(ContentScanner.Scan(items, "engrams"));
        }
        return YamlJson.Write(new JsonObject { ["engrams"] = items });
    }

    public async Task<ImportResponse> ImportAsync(Guid ownerId, string owner, HttpRequest request, string? existing, CancellationToken cancellationToken)
    {
        new Validator().OneOf("existing", existing, ["skip"]).ThrowIfInvalid();
        var engrams = Parse(await ReadTextAsync(request, cancellationToken));
        var now = clock.GetUtcNow();
        var errors = new SchemaErrors();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < engrams.Count; i++)
        {
            var prefix = $"engrams[{i}]";
            EngramBodies.Validate(engrams[i], errors, prefix);
            if (engrams[i]["id"] is JsonValue id && id.TryGetValue<string>(out var text) && !seen.Add(text))
            {
                errors.Add($"{prefix}.id", $"repeats the id '{text}' of an earlier engram in the pack.");
            }
        }
        EngramBodies.ThrowIfInvalid(errors);
        var completed = engrams.Select(json => EngramBodies.Complete(json, now)).ToList();
        completed.ForEach(ExchangeCounts.Adopted);
        var findings = completed.SelectMany((engram, i) => !EngramBodies.IsSharedWithOthers(engram) ? [] : EngramBodies.Scan(engram, $"engrams[{i}]")).ToList();
        ContentScanner.ThrowIfSensitive(findings);
        foreach (var scope in completed.Select(e => e.Scope).Distinct(StringComparer.Ordinal))
        {
            await membership.RequireMemberAsync(ownerId, scope, cancellationToken);
        }

        var results = new List<ImportedEngram>();
        var warnings = new List<EngramWarning>();
        foreach (var engram in completed)
        {
            var creation = await learn.CreateAsync(ownerId, owner, engram, generatedId: false, "imported", cancellationToken);
            if (creation.IdTaken)
            {
                results.Add(new ImportedEngram(engram.Id, "skipped", "you already have an engram with this id"));
            }
            else if (creation.Duplicate is { } duplicate)
            {
                results.Add(new ImportedEngram(engram.Id, "skipped", $"you already state this in {duplicate.Body.EngramId}"));
            }
            else
            {
                results.Add(new ImportedEngram(engram.Id, EngramWriteOutcomes.Created, null));
                warnings.AddRange(await learn.WarningsAsync(ownerId, engram, cancellationToken));
            }
        }
        var created = results.Count(r => r.Outcome == EngramWriteOutcomes.Created);
        return new ImportResponse(created, results.Count - created, results, warnings);
    }

    private async Task<IReadOnlyList<string>> ScopesAsync(Guid ownerId, CancellationToken cancellationToken)
    {
        var scopes = new SortedSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await store.PointersAsync(ownerId, null, 1000, cursor, cancellationToken);
            scopes.UnionWith(page.Items.Select(p => p.Body.Scope));
            cursor = page.ContinuationToken;
        }
        while (cursor is not null);
        return [.. scopes];
    }

    private static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var type = request.ContentType ?? "";
        if (!(type.Contains("yaml", StringComparison.OrdinalIgnoreCase) || type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase)))
        {
            throw new UnsupportedContentException("Send the pack as YAML with 'Content-Type: application/yaml' (PLUR's engrams.yaml layout).");
        }
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private static List<JsonObject> Parse(string yaml)
    {
        JsonNode? root;
        try
        {
            root = YamlJson.Read(yaml);
        }
        catch (YamlJsonException exception)
        {
            throw new BadInputException("malformed_yaml", $"The pack is not usable: {exception.Message}");
        }
        TextRules.ThrowIfInvalid(root);
        if (root is not JsonObject mapping || mapping["engrams"] is not JsonArray list)
        {
            throw new ValidationFailedException("engrams", "is required: the pack must be a mapping whose 'engrams' key lists the engrams (PLUR's engrams.yaml layout).");
        }
        if (list.Count > MaxEngramsPerImport)
        {
            throw new ValidationFailedException("engrams", $"must list at most {MaxEngramsPerImport} engrams per import; split the pack.");
        }
        var errors = new SchemaErrors();
        var engrams = new List<JsonObject>();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject engram)
            {
                engrams.Add(engram);
            }
            else
            {
                errors.Add($"engrams[{i}]", "must be a mapping (one engram).");
            }
        }
        EngramBodies.ThrowIfInvalid(errors);
        foreach (var engram in engrams)
        {
            // Detach from the pack's list so each engram can be stored and changed on its own.
            list.Remove(engram);
        }
        return engrams;
    }
}
