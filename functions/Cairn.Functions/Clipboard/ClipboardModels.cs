using Cairn.Errors;

namespace Cairn.Clipboard;

// Where an entry was written from (plugged.in's ui|sdk|mcp); set by the server from the channel, never by the caller.
public enum ClipboardSource
{
    Ui,
    Sdk,
    Mcp,

    // What the HTTP API wrote before sources followed plugged.in; read back as Sdk.
    Api,
}

public static class ClipboardSources
{
    // The source a caller sees: the HTTP API is the SDKs' channel, so entries stored as api read as sdk.
    public static ClipboardSource Shown(this ClipboardSource source) => source == ClipboardSource.Api ? ClipboardSource.Sdk : source;
}

// plugged.in's MCP proxy sends source itself; the server sets it from the channel, so it is dropped (not refused).
[CamelCaseAliases(Ignored = ["source"])]
public sealed record SetEntryRequest(
    string? Name, string? Value, string? ContentType, string? Encoding, string? Visibility, Guid? WorkspaceId,
    int? TtlSeconds, string? CreatedByTool, string? CreatedByModel);

[CamelCaseAliases(Ignored = ["source"])]
public sealed record PushEntryRequest(
    string? Value, string? ContentType, string? Encoding, string? Visibility, Guid? WorkspaceId,
    int? TtlSeconds, string? CreatedByTool, string? CreatedByModel);

// Names one entry: by name or by stack idx, in the caller's clipboard or, with owner, another agent's.
[CamelCaseAliases]
public sealed record GetEntryRequest(string? Name, long? Idx, Guid? Owner);

// DELETE /clipboard's optional JSON body (plugged.in's SDKs send one); the query string works too.
[CamelCaseAliases]
public sealed record DeleteEntryRequest(string? Name, long? Idx);

public sealed record ClipboardEntry(
    Guid Uuid, Guid OwnerId, string? Name, long? Idx, string Value, string ContentType, string Encoding, long SizeBytes,
    string Visibility, Guid? WorkspaceId, string? CreatedByTool, string? CreatedByModel, ClipboardSource Source,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset ExpiresAt)
{
    public static ClipboardEntry From(ClipboardDocument d, string value) =>
        new(d.Uuid, d.OwnerId, d.Name, d.Idx, value, d.ContentType, d.Encoding, d.SizeBytes, d.Visibility, d.WorkspaceId,
            d.CreatedByTool, d.CreatedByModel, d.Source.Shown(), d.CreatedAt, d.UpdatedAt, d.ExpiresAt);
}

// An entry in a listing: everything but the value (fetch it with get), so a page stays small and cheap.
public sealed record ClipboardEntrySummary(
    Guid Uuid, Guid OwnerId, string? Name, long? Idx, string ContentType, string Encoding, long SizeBytes,
    string Visibility, Guid? WorkspaceId, string? CreatedByTool, string? CreatedByModel, ClipboardSource Source,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset ExpiresAt)
{
    public static ClipboardEntrySummary From(ClipboardDocument d) =>
        new(d.Uuid, d.OwnerId, d.Name, d.Idx, d.ContentType, d.Encoding, d.SizeBytes, d.Visibility, d.WorkspaceId,
            d.CreatedByTool, d.CreatedByModel, d.Source.Shown(), d.CreatedAt, d.UpdatedAt, d.ExpiresAt);
}

public sealed record ClipboardListResponse(IReadOnlyList<ClipboardEntrySummary> Entries, string? NextCursor);
