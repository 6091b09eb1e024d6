using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cairn.Engrams.Integrity;

/// <summary>
/// PLUR's <c>provenance.signature</c> for tamper detection: <c>sha256:</c> + the lower-case hex SHA-256 of the canonical
/// content, the compact JSON object of <see cref="Fields"/> in that order (those present, values as stored, non-ASCII
/// text unescaped). It covers what the engram says, not where it lives or what its owner thinks of it, so it survives a
/// pack moving it between agents and scopes; a signature that is not <c>sha256:</c> is reported as unsupported.
/// </summary>
public static class EngramSignature
{
    public const string Valid = "valid";
    public const string Mismatch = "mismatch";
    public const string Unsigned = "unsigned";
    public const string Unsupported = "unsupported";

    public static readonly string[] Fields = ["statement", "type", "rationale", "contraindications", "domain", "polarity"];

    public static string Canonical(Engram engram)
    {
        var content = new JsonObject();
        foreach (var field in Fields)
        {
            if (engram.Json[field] is { } value)
            {
                content[field] = value.DeepClone();
            }
        }
        return content.ToJsonString(Engram.TextOptions);
    }

    public static string Of(Engram engram) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(engram))));

    public static string? Claimed(Engram engram) =>
        engram.Json["provenance"]?["signature"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary><see cref="Valid"/>, <see cref="Mismatch"/>, <see cref="Unsigned"/> (no signature) or <see cref="Unsupported"/>.</summary>
    public static string Verify(Engram engram) => Claimed(engram) switch
    {
        null => Unsigned,
        var claimed when !claimed.StartsWith("sha256:", StringComparison.Ordinal) => Unsupported,
        var claimed => string.Equals(claimed, Of(engram), StringComparison.OrdinalIgnoreCase) ? Valid : Mismatch,
    };

    /// <summary>A warning when the engram's signature does not match its content; none otherwise (flagged, never refused).</summary>
    public static IEnumerable<EngramWarning> Warnings(Engram engram, Guid ownerId)
    {
        if (Verify(engram) == Mismatch)
        {
            yield return new EngramWarning("signature_mismatch", engram.Id, ownerId, engram.Scope, engram.Statement, "signature_mismatch", null,
                $"provenance.signature is {Claimed(engram)}, but the engram's canonical content ({string.Join(", ", Fields)}) hashes to {Of(engram)}: " +
                "it was changed after it was signed. Check it against its source, or sign it again.");
        }
    }
}
