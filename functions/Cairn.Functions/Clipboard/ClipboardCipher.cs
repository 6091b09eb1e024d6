using System.Security.Cryptography;
using System.Text;
using Cairn.Errors;

namespace Cairn.Clipboard;

// AES-256-GCM over each value: a fresh random 12-byte nonce per write, and the owner and entry id bound as associated
// data, so a ciphertext copied onto another entry (or another owner) fails to open instead of leaking.
public sealed class ClipboardCipher(ClipboardKeyRing? ring)
{
    public const int NonceBytes = 12;
    public const int TagBytes = 16;

    public bool IsConfigured => ring is not null;

    public SealedBytes Seal(ReadOnlySpan<byte> plaintext, Guid ownerId, Guid entryId) => Seal(plaintext, AssociatedData(ownerId, entryId));

    // For other secrets sealed with the same key ring (webhook signing secrets): associatedData names what and whose.
    public SealedBytes Seal(ReadOnlySpan<byte> plaintext, byte[] associatedData)
    {
        var keys = ring ?? throw new InvalidOperationException("No clipboard encryption key is configured.");
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagBytes];
        using var aes = new AesGcm(keys.ActiveKey, TagBytes);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        return new SealedBytes(keys.ActiveKeyId, nonce, tag, ciphertext);
    }

    // Opens a sealed value; a value that was altered, or whose key is gone, is a logged 500 and never garbage returned
    // as data.
    public byte[] Open(SealedBytes sealedBytes, Guid ownerId, Guid entryId) => Open(sealedBytes, AssociatedData(ownerId, entryId));

    public byte[] Open(SealedBytes sealedBytes, byte[] associatedData)
    {
        if (ring is null || !ring.TryGetKey(sealedBytes.KeyId, out var key))
        {
            throw new UnreadableDataException("encryption_key_missing",
                $"The value was encrypted with key '{sealedBytes.KeyId}', which is no longer configured; it cannot be read.");
        }
        if (sealedBytes.Nonce.Length != NonceBytes || sealedBytes.Tag.Length != TagBytes)
        {
            throw Corrupted();
        }
        var plaintext = new byte[sealedBytes.Ciphertext.Length];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(sealedBytes.Nonce, sealedBytes.Ciphertext, sealedBytes.Tag, plaintext, associatedData);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            throw Corrupted();
        }
    }

    internal static UnreadableDataException Corrupted() => new("value_corrupted",
        "The stored value is damaged and failed its integrity check; it was not returned.");

    private static byte[] AssociatedData(Guid ownerId, Guid entryId) => Encoding.ASCII.GetBytes($"cairn/clipboard/v1|{ownerId:N}|{entryId:N}");
}

// Ciphertext, nonce and tag of one value, and the id of the key that sealed it.
public sealed record SealedBytes(string KeyId, byte[] Nonce, byte[] Tag, byte[] Ciphertext);

