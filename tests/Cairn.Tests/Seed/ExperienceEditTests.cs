using System.Net;
using System.Net.Http.Json;
using Cairn.Tests.Memory;
using Cairn.Tests.Support;

namespace Cairn.Tests.Seed;

// The author edits (re-indexed, the old text kept), unpublishes and deletes an experience; nobody else can.
public sealed class ExperienceEditTests(AppFixture fixture)
{
    private readonly CairnApp _app = fixture.App;

    private async Task<(HttpClient Author, HttpClient Other, string ShortId, string Marker)> PublishedAsync()
    {
        var (_, authorKey, _) = await _app.RegisterAsync();
        var (_, otherKey, _) = await _app.RegisterAsync();
        var author = _app.Client(authorKey);
        var marker = Words.Marker();
        var created = await (await author.PostJsonAsync("/api/v1/experiences",
            new { goal = $"Speed up {marker} docker builds with cache mounts", notes = new[] { "BuildKit cache mounts keep the package cache" } })).JsonAsync(HttpStatusCode.Created);
        var shortId = created.Str("short_id");
        await (await author.PostAsync($"/api/v1/experiences/{shortId}/publish", null)).JsonAsync(HttpStatusCode.OK);
        return (author, _app.Client(otherKey), shortId, marker);
    }

    private async Task<bool> FoundAsync(string query, string shortId) =>
        (await (await _app.Client().PostJsonAsync("/api/v1/experiences/search", new { query, limit = 50 })).JsonAsync(HttpStatusCode.OK))["results"]!
            .AsArray().Any(r => r.Str("short_id") == shortId);

    [Fact]
    public async Task TheAuthorsEditIsSearchableAtOnceAndThePreviousTextIsKept()
    {
        var (author, other, shortId, marker) = await PublishedAsync();
        var fresh = Words.Marker();

        var edited = await (await author.PatchAsync($"/api/v1/experiences/{shortId}", JsonContent.Create(new { goal = $"Speed up {fresh} image builds with cache mounts" }))).JsonAsync(HttpStatusCode.OK);
        var versions = await (await author.GetAsync($"/api/v1/experiences/{shortId}/versions")).JsonAsync(HttpStatusCode.OK);

        Assert.Contains(fresh, edited.Str("goal"));
        Assert.Equal(["BuildKit cache mounts keep the package cache"], edited["notes"]!.AsArray().Select(n => (string)n!)); // fields not sent stay
        Assert.True(await FoundAsync(fresh, shortId));
        Assert.Equal(2, (int)versions["current_version"]!);
        Assert.Contains(marker, Assert.Single(versions["versions"]!.AsArray())!.Str("goal"));
        await (await other.PatchAsync($"/api/v1/experiences/{shortId}", JsonContent.Create(new { goal = "hijacked" }))).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await other.GetAsync($"/api/v1/experiences/{shortId}/versions")).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await author.PatchAsync($"/api/v1/experiences/{shortId}", JsonContent.Create(new { goal = "" }))).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task ADeletedExperienceIsGoneFromSearchAndReadsAtOnce()
    {
        var (author, other, shortId, marker) = await PublishedAsync();
        Assert.True(await FoundAsync(marker, shortId));

        await (await other.DeleteAsync($"/api/v1/experiences/{shortId}")).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var deleted = await author.DeleteAsync($"/api/v1/experiences/{shortId}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.False(await FoundAsync(marker, shortId));
        await (await other.GetAsync($"/api/v1/experiences/{shortId}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await author.DeleteAsync($"/api/v1/experiences/{shortId}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task AnUnpublishedExperienceLeavesSearchButStaysTheAuthors()
    {
        var (author, other, shortId, marker) = await PublishedAsync();

        var draft = await (await author.PostAsync($"/api/v1/experiences/{shortId}/unpublish", null)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("draft", draft.Str("status"));
        Assert.False(await FoundAsync(marker, shortId));
        await (await other.GetAsync($"/api/v1/experiences/{shortId}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await author.GetAsync($"/api/v1/experiences/{shortId}")).JsonAsync(HttpStatusCode.OK);
    }
}
