using Cairn.Storage;

namespace Cairn.Clipboard;

// Seals values and stores the ciphertext inline (small values, so listings stay cheap) or in chunk documents (large
// ones, so no document outgrows a Cosmos DB item). Chunks are written before the entry that points at them and are
// deleted after it, so an entry never points at missing chunks except while a concurrent write replaces it.
public sealed class ClipboardValueStore(IDocumentStore store, ClipboardCipher cipher, ILogger<ClipboardValueStore> logger)
{
    // Ciphertext up to this size lives in the entry document.
    public const int InlineBytes = 8 * 1024;

    // 1 MiB of ciphertext per chunk: ~1.4 MB in base64, safely under Cosmos DB's 2 MB item limit.
    public const int ChunkBytes = 1024 * 1024;

    // Chunks outlive their entry a little, so a read that races the entry's expiry never finds them gone first.
    private static readonly TimeSpan ChunkGrace = TimeSpan.FromMinutes(5);

    public async Task<StoredValue> WriteAsync(Guid ownerId, Guid entryId, byte[] plaintext, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var sealedBytes = cipher.Seal(plaintext, ownerId, entryId);
        var nonce = Convert.ToBase64String(sealedBytes.Nonce);
        var tag = Convert.ToBase64String(sealedBytes.Tag);
        if (sealedBytes.Ciphertext.Length <= InlineBytes)
        {
            return new StoredValue(sealedBytes.KeyId, nonce, tag, Convert.ToBase64String(sealedBytes.Ciphertext), null, 0);
        }

        var chunkSet = Guid.NewGuid();
        var count = (sealedBytes.Ciphertext.Length + ChunkBytes - 1) / ChunkBytes;
        var partition = ownerId.ToString();
        for (var i = 0; i < count; i++)
        {
            var slice = sealedBytes.Ciphertext.AsSpan(i * ChunkBytes, Math.Min(ChunkBytes, sealedBytes.Ciphertext.Length - (i * ChunkBytes)));
            await store.UpsertAsync(Containers.Clipboard, partition, ClipboardIds.Chunk(chunkSet, i),
                new ClipboardChunk(chunkSet, i, Convert.ToBase64String(slice)), new WriteOptions(ttl + ChunkGrace), cancellationToken);
        }
        return new StoredValue(sealedBytes.KeyId, nonce, tag, null, chunkSet, count);
    }

    // Opens an entry's value; null when a chunk is gone because a concurrent write replaced the entry (re-read it).
    public async Task<byte[]?> ReadAsync(ClipboardDocument entry, CancellationToken cancellationToken)
    {
        var value = entry.Sealed;
        try
        {
            byte[] ciphertext;
            if (value.ChunkSet is not { } chunkSet)
            {
                ciphertext = Convert.FromBase64String(value.Ciphertext ?? "");
            }
            else
            {
                using var buffer = new MemoryStream();
                for (var i = 0; i < value.Chunks; i++)
                {
                    var chunk = await store.ReadAsync<ClipboardChunk>(Containers.Clipboard, entry.OwnerId.ToString(), ClipboardIds.Chunk(chunkSet, i), cancellationToken);
                    if (chunk is null)
                    {
                        return null;
                    }
                    buffer.Write(Convert.FromBase64String(chunk.Body.Data));
                }
                ciphertext = buffer.ToArray();
            }
            var sealedBytes = new SealedBytes(value.KeyId, Convert.FromBase64String(value.Nonce), Convert.FromBase64String(value.Tag), ciphertext);
            return cipher.Open(sealedBytes, entry.OwnerId, entry.Uuid);
        }
        catch (FormatException)
        {
            throw ClipboardCipher.Corrupted();
        }
    }

    // Best effort, and not cancelled with the request, once no entry points at them: leftovers expire by TTL anyway.
    public async Task DeleteChunksAsync(Guid ownerId, StoredValue value)
    {
        if (value.ChunkSet is not { } chunkSet)
        {
            return;
        }
        try
        {
            for (var i = 0; i < value.Chunks; i++)
            {
                await store.DeleteAsync(Containers.Clipboard, ownerId.ToString(), ClipboardIds.Chunk(chunkSet, i), null, CancellationToken.None);
            }
        }
        catch (StorageException exception)
        {
            logger.LogWarning(exception, "Could not delete clipboard chunks {ChunkSet} of {Owner}; they will expire by TTL.", chunkSet, ownerId);
        }
    }
}
