using Cairn.Errors;
using Cairn.Storage;

namespace Cairn.Collective.Experiences;

// PATCH of an experience's text (in place; only the fields sent change).
public sealed record EditExperienceRequest(
    string? Goal, string? Domain, List<string>? ToolsUsed, List<DeadEndInput>? DeadEnds, List<BreakthroughInput>? Breakthroughs,
    List<GotchaInput>? Gotchas, List<ArtifactInput>? Artifacts, List<string>? Notes);

// An earlier text of an experience, kept in its partition as version:{n} when the author edits it.
public sealed record ExperienceVersion(Guid ExperienceId, int Version, string Goal, string? Domain, IReadOnlyList<string> ToolsUsed, ExperienceContent Content, DateTimeOffset ReplacedAt)
{
    public const string DocumentKind = "version";

    // Names its queries filter and sort on, as stored (DocumentFieldNameTests checks them against the JSON).
    public static class Fields
    {
        public const string Kind = DocumentFields.Kind;
    }

    public string Kind { get; } = DocumentKind;
}

public sealed record ExperienceVersionsResponse(Guid ExperienceId, int CurrentVersion, IReadOnlyList<ExperienceVersion> Versions);

// What only the author may do to an experience: edit its text (re-indexed, the old text kept), unpublish it, delete it.
public sealed class ExperienceEditor(IDocumentStore store, DocumentMutator mutator, ExperienceService experiences, CollectiveIndex index, TimeProvider clock)
{
    public async Task<ExperienceResponse> EditAsync(Guid agentId, string identifier, EditExperienceRequest request, CancellationToken cancellationToken)
    {
        var v = new Validator().Length("goal", request.Goal?.Trim(), 1, ContentLimits.Goal).Label("goal", request.Goal?.Trim()).CheckDomainAndTools(request.Domain, request.ToolsUsed);
        var sent = ExperienceInput.Validate(v, new CreateExperienceRequest(request.Goal, request.Domain, request.ToolsUsed, null,
            request.DeadEnds, request.Breakthroughs, request.Gotchas, request.Artifacts, request.Notes, null));
        v.ThrowIfInvalid();
        var id = (await ReadOwnedAsync(agentId, identifier, "edit", cancellationToken)).Id;
        // The shared read-modify-write path's retry: a report or vote that changes the counters meanwhile makes the edit apply again.
        var edited = await DocumentMutator.RetryRacesAsync(Containers.Experiences, id, async ct =>
        {
            var current = await ReadOwnedAsync(agentId, identifier, "edit", ct);
            var e = current.Body;
            var next = e with
            {
                Goal = request.Goal?.Trim() ?? e.Goal,
                Domain = request.Domain is null ? e.Domain : ContentLimits.NormalizeDomain(request.Domain),
                ToolsUsed = request.ToolsUsed is null ? e.ToolsUsed : ContentLimits.NormalizeTools(request.ToolsUsed),
                Content = new ExperienceContent(
                    request.DeadEnds is null ? e.Content.DeadEnds : sent.DeadEnds, request.Breakthroughs is null ? e.Content.Breakthroughs : sent.Breakthroughs,
                    request.Gotchas is null ? e.Content.Gotchas : sent.Gotchas, request.Artifacts is null ? e.Content.Artifacts : sent.Artifacts,
                    request.Notes is null ? e.Content.Notes : sent.Notes),
                UpdatedAt = clock.GetUtcNow(),
                Version = e.Version + 1,
            };
            ExperienceService.ScanIfPublic(next);
            // The old text first (upsert: a retry after a lost race writes the same version again), then the new one under the ETag.
            await store.UpsertAsync(Containers.Experiences, current.Id, $"version:{e.Version}",
                new ExperienceVersion(e.Id, e.Version, e.Goal, e.Domain, e.ToolsUsed, e.Content, next.UpdatedAt), null, ct);
            await store.ReplaceAsync(Containers.Experiences, current.Id, current.Id, next, current.ETag, null, ct);
            return next;
        }, cancellationToken);
        await index.IndexExperienceAsync(edited, cancellationToken);
        return ExperienceResponse.From(edited);
    }

    public async Task<ExperienceVersionsResponse> VersionsAsync(Guid agentId, string identifier, CancellationToken cancellationToken)
    {
        var current = (await ReadOwnedAsync(agentId, identifier, "see the versions of", cancellationToken)).Body;
        var page = await store.QueryAsync<ExperienceVersion>(new DocumentQuery(Containers.Experiences)
        {
            PartitionKey = current.Id.ToString(), Filters = [Filter.Eq(ExperienceVersion.Fields.Kind, ExperienceVersion.DocumentKind)], Limit = 100,
        }, cancellationToken);
        return new ExperienceVersionsResponse(current.Id, current.Version, [.. page.Items.Select(d => d.Body).OrderBy(x => x.Version)]);
    }

    // Back to a draft: out of search at once, still the author's to edit and publish again.
    public async Task<ExperienceResponse> UnpublishAsync(Guid agentId, string identifier, CancellationToken cancellationToken)
    {
        var id = (await ReadOwnedAsync(agentId, identifier, "unpublish", cancellationToken)).Id;
        var draft = await mutator.MutateAsync<Experience>(Containers.Experiences, id, id,
            current => current is null ? null : current.Body with { Status = ExperienceStatus.Draft, PublishedAt = null, UpdatedAt = clock.GetUtcNow() }, cancellationToken)
            ?? throw new NotFoundException($"Experience '{identifier}'");
        await index.IndexExperienceAsync(draft.Body, cancellationToken);
        return ExperienceResponse.From(draft.Body);
    }

    // Gone for everyone: out of search first, then its reports, votes and versions, its short id and itself.
    public async Task DeleteAsync(Guid agentId, string identifier, CancellationToken cancellationToken)
    {
        var experience = (await ReadOwnedAsync(agentId, identifier, "delete", cancellationToken)).Body;
        await RemoveAsync(experience, cancellationToken);
    }

    internal async Task RemoveAsync(Experience experience, CancellationToken cancellationToken)
    {
        await index.RemoveExperienceAsync(experience.Id, cancellationToken);
        await store.DeleteAllAsync(Containers.Experiences, experience.Id.ToString(), cancellationToken);
        if (experience.ShortId.Length > 0)
        {
            await store.DeleteAsync(Containers.ExperienceShortIds, experience.ShortId, experience.ShortId, null, cancellationToken);
        }
    }

    private async Task<Document<Experience>> ReadOwnedAsync(Guid agentId, string identifier, string action, CancellationToken cancellationToken)
    {
        var id = await experiences.ResolveAsync(identifier, cancellationToken);
        var document = id is null ? null : await store.ReadAsync<Experience>(Containers.Experiences, id, id, cancellationToken);
        if (document is null || !document.Body.IsVisibleTo(agentId))
        {
            throw new NotFoundException($"Experience '{identifier}'");
        }
        return document.Body.OwnerId == agentId ? document : throw new ForbiddenException($"Only the author can {action} this experience.");
    }
}
