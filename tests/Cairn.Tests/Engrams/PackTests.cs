using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cairn.Tests.Support;

namespace Cairn.Tests.Engrams;

public sealed class PackTests(AppFixture fixture)
{
    private Task<EngramApi> AgentAsync() => EngramApi.RegisterAsync(fixture.App);

    private static async Task<string> ExportAsync(EngramApi agent, string query = "")
    {
        var response = await agent.Client.GetAsync($"/api/v1/engrams/export{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/yaml", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private static Task<HttpResponseMessage> ImportAsync(EngramApi agent, string yaml, string contentType = "application/yaml") =>
        agent.Client.PostAsync("/api/v1/engrams/import", new StringContent(yaml, Encoding.UTF8, contentType));

    [Fact]
    public async Task UnknownFieldsSurviveCreateUpdateExportAndImportExactly()
    {
        var author = await AgentAsync();
        var adopter = await AgentAsync();
        await author.LearnRawAsync(SampleEngrams.Full);
        await (await author.PatchAsync("ENG-2026-0518-001", """
            {"rationale": "Seen twice now.", "x_note": "changed by the update",
             "x_future_field": {"added": {"deep": 0.10, "list": ["é", "\"quoted\"", "123", "2026-05-25"]}}}
            """)).JsonAsync(HttpStatusCode.OK);
        var original = (await author.GetAsync("ENG-2026-0518-001"))["engram"]!.AsObject();

        var yaml = await ExportAsync(author);
        var imported = await (await ImportAsync(adopter, yaml)).JsonAsync(HttpStatusCode.OK);
        var copy = (await adopter.GetAsync("ENG-2026-0518-001"))["engram"]!.AsObject();

        Assert.Equal(1, (int)imported["imported"]!);
        // Everything comes across exactly, but for the one count an import changes: one more adoption.
        var adopted = original.DeepClone().AsObject();
        adopted["exchange"]!["adoption_count"] = 48;
        Assert.Equal(adopted.ToJsonString(), copy.ToJsonString());
        Assert.Equal("""{"nested":[1,2.50,"three",null,true],"n":1e2,"added":{"deep":0.10,"list":["é","\"quoted\"","123","2026-05-25"]}}""",
            copy["x_future_field"]!.ToJsonString(Cairn.Engrams.Engram.TextOptions));
        Assert.Equal("changed by the update", copy.Str("x_note"));
        Assert.Equal(4, (int)copy["engram_version"]!);
        Assert.Equal(yaml.Replace("adoption_count: 47", "adoption_count: 48", StringComparison.Ordinal), await ExportAsync(adopter));
    }

    [Fact]
    public async Task ExportWritesPlursEngramsYamlLayout()
    {
        var agent = await AgentAsync();
        var id = await agent.ActiveAsync("Packs are YAML.", "user:me");

        var yaml = await ExportAsync(agent);

        Assert.StartsWith($"engrams:\n- id: \"{id}\"\n  statement: \"Packs are YAML.\"\n  scope: \"user:me\"\n", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APackForOthersLeavesPrivateEngramsOut()
    {
        var agent = await AgentAsync();
        await agent.ActiveAsync("Private by default.", "user:me");
        var shared = await agent.ActiveAsync("Public on purpose.", "user:me", new { visibility = "public" });
        var template = await agent.ActiveAsync("A template to reuse.", "user:me", new { visibility = "template" });

        var pack = await ExportAsync(agent, "?pack=true");
        var everything = await ExportAsync(agent);

        Assert.DoesNotContain("Private by default.", pack, StringComparison.Ordinal);
        Assert.Contains(shared, pack, StringComparison.Ordinal);
        Assert.Contains(template, pack, StringComparison.Ordinal);
        Assert.Contains("Private by default.", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportingKeepsIdsAndStatusesAndSkipsWhatIAlreadyHave()
    {
        var agent = await AgentAsync();
        var existing = await agent.ActiveAsync("Already known.", "user:me");
        var yaml = $"""
            engrams:
              - id: ENG-PACK-1
                status: active
                type: procedural
                scope: user:me
                statement: Imported and active.
                x_pack_extra: {"{"}kept: yes{"}"}
              - id: {existing}
                status: active
                type: behavioral
                scope: user:me
                statement: Same id as one I have.
              - id: ENG-PACK-3
                status: candidate
                type: behavioral
                scope: user:me
                statement: already known
            """;

        var result = await (await ImportAsync(agent, yaml)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal((1, 2), ((int)result["imported"]!, (int)result["skipped"]!));
        Assert.Equal(["created", "skipped", "skipped"], result["engrams"]!.AsArray().Select(e => e!.Str("outcome")));
        var read = (await agent.GetAsync("ENG-PACK-1"))["engram"]!;
        Assert.Equal("active", read.Str("status"));
        Assert.Equal("""{"kept":"yes"}""", read["x_pack_extra"]!.ToJsonString());
        Assert.Equal("imported", (await agent.GetAsync("ENG-PACK-1"))["meta"]!["transitions"]![0]!.Str("reason"));
    }

    [Fact]
    public async Task AnInvalidPackIsRefusedWholeWithEachErrorAtItsEngram()
    {
        var agent = await AgentAsync();
        var yaml = $"""
            engrams:
              - id: ENG-OK-1
                status: active
                type: procedural
                scope: user:me
                statement: Fine.
              - id: ENG-BAD-1
                status: active
                type: procedural
                scope: user:me
                statement: Too long a summary.
                summary: "{new string('s', 81)}"
              - id: ENG-OK-1
                status: sleeping
                type: procedural
                scope: user:me
                statement: Repeats an id.
            """;

        var problem = await (await ImportAsync(agent, yaml)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Contains("must be at most 80 characters.", problem.FieldErrors("engrams[1].summary"));
        Assert.Contains("must be one of: active, dormant, retired, candidate.", problem.FieldErrors("engrams[2].status"));
        Assert.NotEmpty(problem.FieldErrors("engrams[2].id"));
        await (await agent.Client.GetAsync("/api/v1/engrams/ENG-OK-1")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("engrams: [1, 2", "application/yaml", HttpStatusCode.BadRequest, "malformed_yaml")]
    [InlineData("not_engrams: []", "application/yaml", HttpStatusCode.UnprocessableEntity, "validation_failed")]
    [InlineData("engrams: []", "application/json", HttpStatusCode.UnsupportedMediaType, "unsupported_media_type")]
    public async Task PacksThatAreNotUsableSayWhy(string yaml, string contentType, HttpStatusCode status, string code)
    {
        var agent = await AgentAsync();

        await (await ImportAsync(agent, yaml, contentType)).ProblemAsync(status, code);
    }
}
