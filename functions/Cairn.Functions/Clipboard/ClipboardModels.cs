using Cairn.Errors;

namespace Cairn.Clipboard;

/// <summary>Where an entry was written from (plugged.in's <c>ui|sdk|mcp</c>); set by the server from the channel, never by the caller.</summary>
public enum ClipboardSource
{
    Ui,
    Sdk,
    Mcp,

    /// <summary>What the HTTP API wrote before sources followed plugged.in; read back as <see cref="Sdk"/>.</summary>
    Api,
}

public static class ClipboardSources
{
    /// <summary>The source a caller sees: the HTTP API is the SDKs' channel, so entries stored as <c>api</c> read as <c>sdk</c>.</summary>
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

/// <summary>Names one entry: by <c>name</c> or by stack <c>idx</c>, in the caller's clipboard or, with <c>owner</c>, another agent's.</summary>
[CamelCaseAliases]
public sealed record GetEntryRequest(string? Name, long? Idx, Guid? Owner);

/// <summary>DELETE /clipboard's optional JSON body (plugged.in's SDKs send one); the query string works too.</summary>
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

/// <summary>An entry in a listing: everything but the value (fetch it with get), so a page stays small and cheap.</summary>
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
