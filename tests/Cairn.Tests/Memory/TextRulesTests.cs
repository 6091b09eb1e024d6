using Cairn.Engrams;
using Cairn.Memory;

namespace Cairn.Tests.Memory;

// Extractive compression, fingerprints and pattern normalisation: pure, deterministic rules.
[Trait("Storage", "None")]
public sealed class TextRulesTests
{
    private const string Incident = """
        The payment webhook retried for six hours after the certificate expired.
        Nobody noticed because the alert went to an archived channel.
        The certificate is renewed by a cron job that had been disabled during the migration.
        We re-enabled the cron job and moved the alert to the on-call channel.
        Certificates now also show on the weekly dashboard with their expiry dates.
        """;

    [Fact]
    public void ATextWithinTheTargetIsKeptAsItIs()
    {
        Assert.Equal("Short and sweet.", ExtractiveCompressor.Compress("  Short and sweet. ", 50));
    }

    [Fact]
    public void CompressionKeepsTheMostInformativeSentencesInTheirOriginalOrderWithinTheTarget()
    {
        var compressed = ExtractiveCompressor.Compress(Incident, 40);

        Assert.True(Tokens.Estimate(compressed) <= 40, compressed);
        var sentences = MemoryText.Sentences(Incident);
        var kept = MemoryText.Sentences(compressed);
        Assert.NotEmpty(kept);
        Assert.All(kept, s => Assert.Contains(s, sentences));
        Assert.Equal(kept.OrderBy(s => sentences.ToList().IndexOf(s)), kept);
        Assert.Equal(compressed, ExtractiveCompressor.Compress(Incident, 40));
    }

    [Fact]
    public void ASentenceLongerThanTheTargetIsCutAtAWord()
    {
        var sentence = string.Join(' ', Enumerable.Repeat("tremendously", 40));

        var compressed = ExtractiveCompressor.Compress(sentence, 20);

        Assert.True(Tokens.Estimate(compressed) <= 20);
        Assert.EndsWith("tremendously…", compressed, StringComparison.Ordinal);
    }

    [Fact]
    public void FingerprintsIgnoreCaseStopWordsAndPlurals()
    {
        var a = MemoryText.Fingerprint("Always set the statement timeouts on the reporting connections.");
        var b = MemoryText.Fingerprint("always set statement timeout on reporting connection");

        Assert.Equal(a, b);
        Assert.Equal(1.0, MemoryText.Similarity(a, b));
        Assert.Equal(0.0, MemoryText.Similarity(a, MemoryText.Fingerprint("Bake bread at dawn.")));
    }

    [Theory]
    [InlineData("Ping jane.doe@corp.io before deploying the billing service.", "ping <email> before deploying the billing service")]
    [InlineData("See https://wiki.corp.io/runbooks/db?id=7 for the database failover runbook!", "see <url> for the database failover runbook")]
    [InlineData("Restart the worker on 10.2.3.4 when the queue backs up.", "restart the worker on <ip> when the queue backs up")]
    [InlineData("Clean /home/alice/build before building the release images.", "clean <path> before building the release images")]
    [InlineData("Retry job 0f8fad5b-d9cb-469f-a165-70867728950e after the lock clears.", "retry job <id> after the lock clears")]
    [InlineData("Use sk-proj-abcdefghijklmnopqrstuvwxyz123456 only for the staging smoke tests.", "use <secret> only for the staging smoke tests")]
    [InlineData("Ask @bob-smith   before merging   the 3 schema changes.", "ask <user> before merging the <n> schema changes")]
    [InlineData("Revert commit a1b2c3d4e5f6 when the canary fails health checks.", "revert commit <id> when the canary fails health checks")]
    public void PatternsAreScrubbedOfPersonalDataAndNormalised(string text, string pattern)
    {
        Assert.Equal(pattern, PatternText.Normalize(text));
    }

    [Fact]
    public void APatternWithTooLittleLeftIsNotShared()
    {
        Assert.Null(PatternText.Normalize("Email jane@corp.io at 10.0.0.1"));
    }

    [Fact]
    public void PatternIdsAndContributorsAreKeyedHashesThatNeverCollideAcrossKinds()
    {
        var hasher = new CbpHasher(new byte[32]);
        var other = new CbpHasher(Enumerable.Repeat((byte)1, 32).ToArray());
        var agent = Guid.NewGuid();

        Assert.True(CbpHasher.IsPatternId(hasher.PatternId("run the tests first")));
        Assert.NotEqual(hasher.PatternId(agent.ToString("D")), hasher.Contributor(agent));
        Assert.NotEqual(hasher.Contributor(agent), other.Contributor(agent));
        Assert.DoesNotContain(agent.ToString("N"), hasher.Contributor(agent), StringComparison.Ordinal);
    }
}
