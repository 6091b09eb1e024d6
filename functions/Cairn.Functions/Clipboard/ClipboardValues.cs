using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Cairn.Errors;

namespace Cairn.Clipboard;

// A validated entry ready to seal: the decoded bytes and the normalised metadata.
public sealed record PreparedEntry(
    byte[] Bytes, string ContentType, string Encoding, string Visibility, Guid? WorkspaceId, TimeSpan Ttl,
    string? CreatedByTool, string? CreatedByModel)
{
    public string Audience => Visibility == ClipboardValues.Workspace ? ClipboardValues.WorkspaceAudience(WorkspaceId!.Value) : Visibility;
}

// The clipboard's rules on values, pure so they are tested without a server: encodings, content types, size, TTL.
public static class ClipboardValues
{
    // 2 MiB of decoded value; a base64 value of this size (~2.8 MB) still fits the 4 MiB request limit.
    public const int MaxValueBytes = 2 * 1024 * 1024;

    public const int DefaultTtlSeconds = 24 * 60 * 60;
    public const int MinTtlSeconds = 60;
    public const int MaxProvenanceLength = 200;
    public const int MaxTtlSeconds = 30 * 24 * 60 * 60;

    public const string Private = "private";
    public const string Workspace = "workspace";
    public const string Public = "public";

    public static readonly IReadOnlyList<string> Encodings = ["utf-8", "base64", "hex"];

    public static readonly IReadOnlyList<string> Visibilities = [Private, Workspace, Public];

    // Types whose bytes must be UTF-8 text (and, for JSON, parse).
    public static readonly IReadOnlyList<string> TextContentTypes =
        ["text/plain", "text/markdown", "text/html", "text/csv", "application/json", "application/xml"];

    public static readonly IReadOnlyList<string> ContentTypes =
        [.. TextContentTypes, "application/octet-stream", "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"];

    public static string WorkspaceAudience(Guid workspaceId) => $"workspace:{workspaceId}";

    // Validates every field (collected into one 422), then the size (413), then the content against its type (422).
    public static PreparedEntry Prepare(Validator validator, string? value, string? contentType, string? encoding, string? visibility,
        Guid? workspaceId, int? ttlSeconds, string? createdByTool, string? createdByModel)
    {
        contentType = contentType?.Trim().ToLowerInvariant() ?? "text/plain";
        encoding = encoding?.Trim().ToLowerInvariant() ?? "utf-8";
        visibility = visibility?.Trim().ToLowerInvariant() ?? Private;
        if (value is null)
        {
            validator.Add("value", "is required (it may be empty).");
        }
        validator
            .OneOf("content_type", contentType, ContentTypes)
            .OneOf("encoding", encoding, Encodings)
            .OneOf("visibility", visibility, Visibilities)
            .Range("ttl_seconds", ttlSeconds, MinTtlSeconds, MaxTtlSeconds)
            .Length("created_by_tool", createdByTool, 0, MaxProvenanceLength).Label("created_by_tool", createdByTool)
            .Length("created_by_model", createdByModel, 0, MaxProvenanceLength).Label("created_by_model", createdByModel);
        if (visibility == Workspace && workspaceId is null)
        {
            validator.Add("workspace_id", "is required when visibility is workspace.");
        }
        else if (visibility != Workspace && workspaceId is not null)
        {
            validator.Add("workspace_id", "may only be given when visibility is workspace.");
        }

        byte[]? bytes = null;
        if (value is not null && Encodings.Contains(encoding) && !TryDecode(value, encoding, out bytes))
        {
            validator.Add("value", encoding == "hex"
                ? "is not valid hex: use an even number of the digits 0-9 and a-f."
                : "is not valid base64 (RFC 4648, with padding).");
        }
        validator.ThrowIfInvalid();

        if (bytes!.Length > MaxValueBytes)
        {
            throw new TooLargeException("value_too_large",
                $"The value is {bytes.Length} bytes once decoded; the limit is {MaxValueBytes} bytes (2 MiB).");
        }
        CheckContent(bytes, contentType);
        if (visibility != Private)
        {
            ClipboardScan.ThrowIfSensitive(bytes, contentType, encoding);
        }
        return new PreparedEntry(bytes, contentType, encoding, visibility, workspaceId,
            TimeSpan.FromSeconds(ttlSeconds ?? DefaultTtlSeconds), createdByTool, createdByModel);
    }

    // Turns stored bytes back into the caller's encoding (base64 and hex in canonical form).
    public static string Encode(byte[] bytes, string encoding) => encoding switch
    {
        "base64" => Convert.ToBase64String(bytes),
        "hex" => Convert.ToHexStringLower(bytes),
        _ => Encoding.UTF8.GetString(bytes),
    };

    private static bool TryDecode(string value, string encoding, out byte[]? bytes)
    {
        try
        {
            bytes = encoding switch
            {
                "base64" => Convert.FromBase64String(value),
                "hex" => Convert.FromHexString(value),
                _ => Encoding.UTF8.GetBytes(value),
            };
            return true;
        }
        catch (FormatException)
        {
            bytes = null;
            return false;
        }
    }

    private static void CheckContent(byte[] bytes, string contentType)
    {
        if (!TextContentTypes.Contains(contentType))
        {
            return;
        }
        if (!Utf8.IsValid(bytes))
        {
            throw new ValidationFailedException("value", $"must be UTF-8 text for content type {contentType}.");
        }
        if (contentType == "application/json")
        {
            try
            {
                var reader = new Utf8JsonReader(bytes);
                while (reader.Read())
                {
                }
            }
            catch (JsonException exception)
            {
                throw new ValidationFailedException("value", $"must be valid JSON for content type application/json: {FirstSentence(exception.Message)}");
            }
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Line", StringComparison.Ordinal);
        return cut > 0 ? message[..cut].TrimEnd() : message;
    }
}
