using System.Net;
using System.Text;
using Cairn.Tests.Support;
using Microsoft.Extensions.Options;

namespace Cairn.Tests.Clipboard;

public sealed class ClipboardEncryptionTests(AppFixture fixture)
{
    private const string Container = "clipboard";
    private static readonly string KeyOne = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray());
    private static readonly string KeyTwo = Convert.ToBase64String(Enumerable.Repeat((byte)2, 32).ToArray());

    private readonly CairnApp _app = fixture.App;

    [Fact]
    public async Task TheDatabaseHoldsOnlyCiphertextWithItsNonceAndKeyId()
    {
        StorageMode.RequirePostgresDocuments();
        var (ownerId, key, _) = await _app.RegisterAsync();
        const string secret = "the launch code is 0000";
        await (await _app.Client(key).PostJsonAsync("/api/v1/clipboard", new { name = "secret", value = secret })).JsonAsync(HttpStatusCode.Created);

        var stored = await RawDocuments.ReadAsync(fixture.Database, Container, ownerId, "named:secret");

        var text = stored.ToJsonString();
        Assert.DoesNotContain(secret, text);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), text);
        Assert.DoesNotContain(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(secret)), text);
        Assert.Null(stored["value"]);
        var sealedValue = stored["sealed"]!;
        Assert.Equal("test", sealedValue.Str("key_id"));
        Assert.Equal(12, Convert.FromBase64String(sealedValue.Str("nonce")).Length);
        Assert.Equal(16, Convert.FromBase64String(sealedValue.Str("tag")).Length);
        Assert.Equal(secret.Length, Convert.FromBase64String(sealedValue.Str("ciphertext")).Length);
    }

    [Fact]
    public async Task ALargeValueIsStoredAsCiphertextChunksOnly()
    {
        StorageMode.RequirePostgresDocuments();
        var (ownerId, key, _) = await _app.RegisterAsync();
        var secret = string.Concat(Enumerable.Repeat("confidential paragraph. ", 60_000));
        await (await _app.Client(key).PostJsonAsync("/api/v1/clipboard", new { name = "report", value = secret })).JsonAsync(HttpStatusCode.Created);

        var documents = await RawDocuments.PartitionAsync(fixture.Database, Container, ownerId);

        Assert.Equal(3, documents.Count); // the entry and two 1 MiB chunks
        Assert.All(documents, body => Assert.DoesNotContain("confidential", body));
        var read = await (await _app.Client(key).GetAsync("/api/v1/clipboard/entry?name=report")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(secret, read.Str("value"));
    }

    [Fact]
    public async Task EveryWriteUsesAFreshNonce()
    {
        StorageMode.RequirePostgresDocuments();
        var (ownerId, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);
        await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "same", value = "same value" })).JsonAsync(HttpStatusCode.Created);
        var first = (await RawDocuments.ReadAsync(fixture.Database, Container, ownerId, "named:same"))["sealed"]!;

        await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "same", value = "same value" })).JsonAsync(HttpStatusCode.OK);
        var second = (await RawDocuments.ReadAsync(fixture.Database, Container, ownerId, "named:same"))["sealed"]!;

        Assert.NotEqual(first.Str("nonce"), second.Str("nonce"));
        Assert.NotEqual(first.Str("ciphertext"), second.Str("ciphertext"));
    }

    [Fact]
    public async Task TamperingWithTheCiphertextIsAnErrorNotGarbage()
    {
        StorageMode.RequirePostgresDocuments();
        var (ownerId, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);
        await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "ledger", value = "balance: 100" })).JsonAsync(HttpStatusCode.Created);
        var stored = await RawDocuments.ReadAsync(fixture.Database, Container, ownerId, "named:ledger");
        var ciphertext = Convert.FromBase64String(stored["sealed"]!.Str("ciphertext"));
        ciphertext[^1] ^= 0x01;
        stored["sealed"]!["ciphertext"] = Convert.ToBase64String(ciphertext);
        await RawDocuments.WriteAsync(fixture.Database, Container, ownerId, "named:ledger", stored);

        var response = await client.GetAsync("/api/v1/clipboard/entry?name=ledger");

        var problem = await response.ProblemAsync(HttpStatusCode.InternalServerError, "value_corrupted");
        Assert.DoesNotContain("balance", problem.ToJsonString());
    }

    [Fact]
    public async Task ACiphertextCopiedOntoAnotherEntryDoesNotOpen()
    {
        StorageMode.RequirePostgresDocuments();
        var (ownerId, key, _) = await _app.RegisterAsync();
        using var client = _app.Client(key);
        await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "source", value = "moved secret" })).JsonAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "target", value = "decoy value" })).JsonAsync(HttpStatusCode.Created);
        var source = await RawDocuments.ReadAsync(fixture.Database, Container, ownerId, "named:source");
        var target = await RawDocuments.ReadAsync(fixture.Database, Container, ownerId, "named:target");
        target["sealed"] = source["sealed"]!.DeepClone();
        await RawDocuments.WriteAsync(fixture.Database, Container, ownerId, "named:target", target);

        await (await client.GetAsync("/api/v1/clipboard/entry?name=target")).ProblemAsync(HttpStatusCode.InternalServerError, "value_corrupted");
    }

    [Fact]
    public async Task RotatingToANewKeyKeepsOldEntriesReadable()
    {
        StorageMode.RequirePostgresDocuments();
        await using var before = new CairnApp(fixture.Database, new Dictionary<string, string?> { ["Cairn:Clipboard:EncryptionKeys"] = $"k1={KeyOne}" });
        var (ownerId, key, _) = await before.RegisterAsync();
        await (await before.Client(key).PostJsonAsync("/api/v1/clipboard", new { name = "old", value = "sealed with k1" })).JsonAsync(HttpStatusCode.Created);

        await using var after = new CairnApp(fixture.Database, new Dictionary<string, string?>
        {
            ["Cairn:Clipboard:EncryptionKeys"] = $"k1={KeyOne};k2={KeyTwo}",
            ["Cairn:Clipboard:ActiveKeyId"] = "k2",
        });
        using var client = after.Client(key);
        var old = await (await client.GetAsync("/api/v1/clipboard/entry?name=old")).JsonAsync(HttpStatusCode.OK);
        await (await client.PostJsonAsync("/api/v1/clipboard", new { name = "new", value = "sealed with k2" })).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("sealed with k1", old.Str("value"));
        Assert.Equal("k1", (await RawDocuments.ReadAsync(fixture.Database, Container, ownerId, "named:old"))["sealed"]!.Str("key_id"));
        Assert.Equal("k2", (await RawDocuments.ReadAsync(fixture.Database, Container, ownerId, "named:new"))["sealed"]!.Str("key_id"));
        Assert.Equal("sealed with k2", (await (await client.GetAsync("/api/v1/clipboard/entry?name=new")).JsonAsync(HttpStatusCode.OK)).Str("value"));
    }

    [Fact]
    public async Task AnEntryWhoseKeyWasRemovedIsReportedNotGarbled()
    {
        await using var before = new CairnApp(fixture.Database, new Dictionary<string, string?> { ["Cairn:Clipboard:EncryptionKeys"] = $"k1={KeyOne}" });
        var (_, key, _) = await before.RegisterAsync();
        await (await before.Client(key).PostJsonAsync("/api/v1/clipboard", new { name = "orphan", value = "x" })).JsonAsync(HttpStatusCode.Created);

        await using var after = new CairnApp(fixture.Database, new Dictionary<string, string?> { ["Cairn:Clipboard:EncryptionKeys"] = $"k2={KeyTwo}" });

        var problem = await (await after.Client(key).GetAsync("/api/v1/clipboard/entry?name=orphan")).ProblemAsync(HttpStatusCode.InternalServerError, "encryption_key_missing");
        Assert.Contains("'k1'", problem.Str("detail"));
    }

    [Fact]
    public async Task KeysCanComeFromAKeyFile()
    {
        StorageMode.RequirePostgresDocuments();
        var path = Path.Combine(Path.GetTempPath(), $"cairn-keys-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(path, $"# local clipboard keys\nfile1={KeyOne}\nfile2={KeyTwo}\n");
        try
        {
            await using var app = new CairnApp(fixture.Database, new Dictionary<string, string?>
            {
                ["Cairn:Clipboard:EncryptionKeys"] = "",
                ["Cairn:Clipboard:KeyFile"] = path,
            });
            var (ownerId, key, _) = await app.RegisterAsync();
            await (await app.Client(key).PostJsonAsync("/api/v1/clipboard", new { name = "f", value = "from file" })).JsonAsync(HttpStatusCode.Created);

            Assert.Equal("file2", (await RawDocuments.ReadAsync(fixture.Database, Container, ownerId, "named:f"))["sealed"]!.Str("key_id"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task WithoutAKeyTheClipboardIsUnavailableRatherThanUnencrypted()
    {
        await using var app = new CairnApp(fixture.Database, new Dictionary<string, string?> { ["Cairn:Clipboard:EncryptionKeys"] = "" });
        var (_, key, _) = await app.RegisterAsync();

        var response = await app.Client(key).PostJsonAsync("/api/v1/clipboard", new { name = "n", value = "v" });

        var problem = await response.ProblemAsync(HttpStatusCode.ServiceUnavailable, "clipboard_not_configured");
        Assert.Contains("Cairn:Clipboard:EncryptionKeys", problem.Str("detail"));
    }

    [Fact]
    public async Task AMalformedKeyStopsStartUpNamingTheSetting()
    {
        await using var app = new CairnApp(fixture.Database, new Dictionary<string, string?> { ["Cairn:Clipboard:EncryptionKeys"] = "k1=dG9vIHNob3J0" });

        var failure = Assert.IsType<OptionsValidationException>(app.StartupFailure());

        Assert.Contains("Cairn:Clipboard:EncryptionKeys", failure.Message);
    }
}
