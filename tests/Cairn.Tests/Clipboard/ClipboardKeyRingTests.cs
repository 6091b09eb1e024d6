using Cairn.Clipboard;

namespace Cairn.Tests.Clipboard;

[Trait("Storage", "None")]
public sealed class ClipboardKeyRingTests
{
    private static readonly string KeyA = Convert.ToBase64String(new byte[32]);
    private static readonly string KeyB = Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray());

    [Fact]
    public void TheLastKeyListedIsActiveUnlessOneIsNamed()
    {
        Assert.Equal("b", ClipboardKeyRing.Parse($"a={KeyA};b={KeyB}", null, "test").ActiveKeyId);
        Assert.Equal("a", ClipboardKeyRing.Parse($"a={KeyA};b={KeyB}", "a", "test").ActiveKeyId);
        Assert.Equal("b", ClipboardKeyRing.Parse($"# comment\n a = {KeyA} \r\n\nb={KeyB}\n", "", "test").ActiveKeyId);
    }

    [Theory]
    [InlineData("", null, "holds no key")]
    [InlineData("just-a-key", null, "'kid=base64key'")]
    [InlineData("a=not base64", null, "32 bytes")]
    [InlineData("a=AAAA", null, "32 bytes")]
    [InlineData("bad id!=AAAA", null, "'kid=base64key'")]
    [InlineData("a={A};a={A}", null, "listed twice")]
    [InlineData("a={A}", "z", "ActiveKeyId 'z'")]
    public void AMalformedRingIsRefusedWithTheReason(string ring, string? active, string reason)
    {
        var failure = Assert.Throws<ClipboardKeyRingException>(() => ClipboardKeyRing.Parse(ring.Replace("{A}", KeyA, StringComparison.Ordinal), active, "test"));

        Assert.Contains(reason, failure.Message);
    }

    [Fact]
    public void AKeyFileAsScriptsRunWritesItParsesCommentsAndAll()
    {
        // The header scripts/run writes has a ';' in it, which once split the comment into a bogus pair.
        var file = $"# Clipboard key ring: kid=base64(32 bytes); the last key seals new values. Append a line to rotate.\nlocal1={KeyA}\n";

        Assert.Equal("local1", ClipboardKeyRing.Parse(file, null, "file").ActiveKeyId);
    }

    [Fact]
    public void NoKeyConfiguredMeansNoRing()
    {
        Assert.Null(ClipboardKeyRing.Load(new ClipboardOptions()));
    }

    [Fact]
    public void KeysInlineAndInAFileAtOnceAreRefused()
    {
        var failure = Assert.Throws<ClipboardKeyRingException>(() => ClipboardKeyRing.Load(new ClipboardOptions { EncryptionKeys = $"a={KeyA}", KeyFile = "/tmp/keys" }));

        Assert.Contains("not both", failure.Message);
    }

    [Fact]
    public void AnUnresolvedKeyVaultReferenceIsNamed()
    {
        var failure = Assert.Throws<ClipboardKeyRingException>(() => ClipboardKeyRing.Load(new ClipboardOptions
        {
            EncryptionKeys = "@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/clipboard-encryption-keys)",
        }));

        Assert.Contains("unresolved Key Vault reference", failure.Message);
    }

    [Fact]
    public void AMissingKeyFileIsNamed()
    {
        var failure = Assert.Throws<ClipboardKeyRingException>(() => ClipboardKeyRing.Load(new ClipboardOptions { KeyFile = "/nonexistent/cairn.keys" }));

        Assert.Contains("/nonexistent/cairn.keys", failure.Message);
    }

    [Fact]
    public void ASealedValueOpensOnlyForItsOwnerAndEntry()
    {
        var cipher = new ClipboardCipher(ClipboardKeyRing.Parse($"a={KeyA}", null, "test"));
        var owner = Guid.NewGuid();
        var entry = Guid.NewGuid();
        var sealedBytes = cipher.Seal("hello"u8, owner, entry);

        Assert.Equal("hello"u8.ToArray(), cipher.Open(sealedBytes, owner, entry));
        Assert.Equal("value_corrupted", Assert.Throws<Cairn.Errors.UnreadableDataException>(() => cipher.Open(sealedBytes, Guid.NewGuid(), entry)).Code);
        Assert.Equal("value_corrupted", Assert.Throws<Cairn.Errors.UnreadableDataException>(() => cipher.Open(sealedBytes, owner, Guid.NewGuid())).Code);
    }
}
