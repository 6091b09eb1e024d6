using Cairn.Storage;

namespace Cairn.Clipboard;

// An entry as stored in its owner's partition: id named:{name} or stack:{idx}. The value is only ever stored sealed
// (StoredValue). Audience (private, public or workspace:{id}) lets a listing for another agent filter on one field.
public sealed record ClipboardDocument(
    string Kind, Guid Uuid, Guid OwnerId, string? Name, long? Idx,
    string ContentType, string Encoding, long SizeBytes, string Visibility, Guid? WorkspaceId, string Audience,
    string? CreatedByTool, string? CreatedByModel, ClipboardSource Source,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset ExpiresAt, StoredValue Sealed)
{
    // Names its queries filter and sort on, as stored (DocumentFieldNameTests checks them against the JSON).
    public static class Fields
    {
        public const string Kind = DocumentFields.Kind;
        public const string Idx = "idx";
        public const string Visibility = "visibility";
        public const string Audience = "audience";
        public const string CreatedAt = DocumentFields.CreatedAt;
    }
}

// A sealed value: key id, nonce and tag, with the ciphertext inline when small, else in Chunks chunk documents of the
// same partition (a Cosmos DB item holds at most 2 MB, less than a 2 MB value in base64). Each write uses a fresh
// ChunkSet, so a concurrent reader never sees a mix of two writes.
public sealed record StoredValue(string KeyId, string Nonce, string Tag, string? Ciphertext, Guid? ChunkSet, int Chunks);

// One slice of a large sealed value; id chunk:{chunk set}:{index}; it expires shortly after its entry.
public sealed record ClipboardChunk(Guid ChunkSet, int Index, string Data, string Kind = ClipboardKinds.Chunk);

// The owner's next stack index, advanced with ETag-conditional writes so concurrent pushes never share one.
public sealed record StackCounter(long NextIdx, string Kind = ClipboardKinds.StackCounter);

public static class ClipboardKinds
{
    public const string Named = "named";
    public const string Stack = "stack";
    public const string Chunk = "chunk";
    public const string StackCounter = "stack_counter";
}

public static class ClipboardIds
{
    public const string StackCounter = "stack_counter";

    public static string Named(string name) => $"named:{name}";

    public static string Stack(long idx) => $"stack:{idx}";

    public static string Chunk(Guid chunkSet, int index) => $"chunk:{chunkSet:N}:{index}";
}

public static class ClipboardDocumentFactory
{
    public static ClipboardDocument Create(string kind, Guid uuid, Guid ownerId, string? name, long? idx, PreparedEntry entry,
        ClipboardSource source, DateTimeOffset createdAt, DateTimeOffset now, StoredValue value) =>
        new(kind, uuid, ownerId, name, idx, entry.ContentType, entry.Encoding, entry.Bytes.Length, entry.Visibility, entry.WorkspaceId,
            entry.Audience, entry.CreatedByTool, entry.CreatedByModel, source, createdAt, now, now + entry.Ttl, value);
}
