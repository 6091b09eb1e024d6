using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Cairn.Tests.Memory;
using Cairn.Tests.Support;

namespace Cairn.Tests.Engrams;

/// <summary>PLUR provenance.signature: sha256 of the canonical content, verified on learn, update, import and read; mismatches flagged.</summary>
public sealed class EngramSignatureTests(AppFixture fixture)
{
    /// <summary>The canonical content written out by hand: statement, type, then polarity (no rationale, contraindications or domain here).</summary>
    private static string Sign(string statement) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($$"""{"statement":"{{statement}}","type":"behavioral","polarity":"dont"}""")));

    private static object Body(string statement, string? signature, string scope = "user:me") => new
    {
        statement, scope, type = "behavioral", polarity = "dont", provenance = new { origin = "test", signature },
    };

    private static IEnumerable<JsonObject> Mismatches(JsonObject write) =>
        write["warnings"]!.AsArray().Select(w => w!.AsObject()).Where(w => w.Str("code") == "signature_mismatch");

    [Fact]
    public async Task ACorrectSignatureIsValidAndAWrongOneIsFlaggedNotRefused()
    {
        var agent = await EngramApi.RegisterAsync(fixture.App);
        var good = $"Never log {Words.Marker()} tokens.";
        var bad = $"Never log {Words.Marker()} cookies.";

        var signed = await agent.LearnAsync(Body(good, Sign(good)));
        var tampered = await agent.LearnAsync(Body(bad, Sign("Never log cookies.")));
        var unsigned = await agent.LearnAsync(new { statement = $"Rotate {Words.Marker()} keys.", scope = "user:me", type = "behavioral" });

        Assert.Equal("valid", signed["meta"].Str("signature"));
        Assert.Empty(Mismatches(signed));
        Assert.Equal("mismatch", tampered["meta"].Str("signature"));
        var warning = Assert.Single(Mismatches(tampered));
        Assert.Equal(tampered["engram"].Str("id"), warning.Str("engram_id"));
        Assert.Contains(Sign(bad), warning.Str("detail"), StringComparison.Ordinal);
        Assert.Equal("unsigned", unsigned["meta"].Str("signature"));
        Assert.Equal("mismatch", (await agent.GetAsync(tampered["engram"].Str("id")))["meta"].Str("signature"));
    }

    [Fact]
    public async Task ChangingASignedStatementIsFlaggedOnUpdateAndOnRead()
    {
        var agent = await EngramApi.RegisterAsync(fixture.App);
        var statement = $"Never log {Words.Marker()} secrets.";
        var id = (await agent.LearnAsync(Body(statement, Sign(statement))))["engram"].Str("id");

        var patched = await (await agent.PatchAsync(id, """{"statement": "Never log anything."}""")).JsonAsync(HttpStatusCode.OK);

        Assert.Single(Mismatches(patched));
        Assert.Equal("mismatch", (await agent.GetAsync(id))["meta"].Str("signature"));
    }

    [Fact]
    public async Task AnImportedPackWhoseEngramWasEditedAfterSigningIsFlagged()
    {
        var author = await EngramApi.RegisterAsync(fixture.App);
        var adopter = await EngramApi.RegisterAsync(fixture.App);
        var kept = $"Never log {Words.Marker()} passwords.";
        var edited = $"Never log {Words.Marker()} emails.";
        var keptId = (await author.LearnAsync(JsonSerializerHelpers.Merge(Body(kept, Sign(kept), "global"), new { visibility = "public" })))["engram"].Str("id");
        var editedId = (await author.LearnAsync(JsonSerializerHelpers.Merge(Body(edited, Sign(edited), "global"), new { visibility = "public" })))["engram"].Str("id");
        using var export = await author.Client.GetAsync("/api/v1/engrams/export?pack=true&scope=global");
        var yaml = (await export.Content.ReadAsStringAsync()).Replace(edited, edited.Replace("emails", "phone numbers", StringComparison.Ordinal), StringComparison.Ordinal);

        var imported = await (await adopter.Client.PostAsync("/api/v1/engrams/import", new StringContent(yaml, Encoding.UTF8, "application/yaml"))).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(editedId, Assert.Single(Mismatches(imported)).Str("engram_id"));
        Assert.Equal("valid", (await adopter.GetAsync(keptId))["meta"].Str("signature"));
        Assert.Equal("mismatch", (await adopter.GetAsync(editedId))["meta"].Str("signature"));
    }
}
