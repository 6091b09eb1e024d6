using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Cairn.Engrams.Schema;
using Cairn.Storage;

namespace Cairn.Engrams;

/// <summary>
/// An engram as stored: in the <c>engrams</c> container, in the partition of its scope (recall reads by scope),
/// with id <c>{owner}:{engram id}</c> since ids are unique per owner. <see cref="Engram"/> holds the engram's JSON
/// text exactly; the other fields are Cairn's: who owns it, what queries filter on (<see cref="Always"/>: pinned or
/// locked, so recall includes it whatever the query), and the access history.
/// </summary>
public sealed record StoredEngram(
    Guid OwnerId,
    string Owner,
    string EngramId,
    string Scope,
    string Status,
    string StatementHash,
    string? Polarity,
    bool Always,
    long Recurrences,
    string DormantAt,
    AccessHistory Access,
    RecallView View,
    IReadOnlyList<Transition> Transitions,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Engram)
{
    // Names its queries filter and sort on, as stored (DocumentFieldNameTests checks them against the JSON).
    public static class Fields
    {
        public const string Status = "status";
        public const string Always = "always";
        public const string Recurrences = "recurrences";
        public const string DormantAt = "dormant_at";
    }

    /// <summary>The <c>dormant_at</c> of engrams that never go dormant (pinned, locked, not active, or used enough for a century).</summary>
    public const string Never = "9999-12-31T23:59:59.9999999Z";

    /// <summary>How many status transitions are kept.</summary>
    public const int KeptTransitions = 50;

    public static string DocumentId(Guid ownerId, string engramId) => $"{ownerId:N}:{engramId}";

    [JsonIgnore]
    public string DocumentIdentity => DocumentId(OwnerId, EngramId);

    public Engram Parse() => Engrams.Engram.Parse(Engram);

    /// <summary>
    /// Whether another agent may see this engram at all: never when it is private or in a personal scope. Workspace
    /// scopes also need the caller's membership, which the reader checks (<see cref="Recall.ScopeMembership"/>).
    /// </summary>
    public bool IsVisibleTo(Guid agentId) => OwnerId == agentId || (View.Shareable && Scopes.Reach(Scope) != ScopeReach.Owner);
}

/// <summary>A status change: from, to, when and why ("promoted", "recurred 3 times", "activation -2.31 below -2.25").</summary>
public sealed record Transition(string From, string To, DateTimeOffset At, string Reason);

/// <summary>What recall reads of an engram, copied from its JSON on every write so recall need not parse it.</summary>
public sealed record RecallView(
    string Statement,
    string? Summary,
    string? Rationale,
    string Type,
    string? Domain,
    IReadOnlyList<string> Tags,
    string? Polarity,
    string? Commitment,
    bool Pinned,
    IReadOnlyList<string> Contraindications,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidUntil,
    long Positive,
    long Negative,
    string? Visibility = null,
    IReadOnlyList<Recall.RecallAnchor>? Anchors = null,
    Recall.EpisodicWeight? Episodic = null,
    IReadOnlyList<global::Cairn.Engrams.Associations.RecallAssociation>? Associations = null,
    double StorageStrength = 1.0)
{
    [JsonIgnore]
    public bool Locked => Commitment == "locked";

    /// <summary>Only <c>public</c> and <c>template</c> engrams are shown to other agents; a missing value is the default, private.</summary>
    [JsonIgnore]
    public bool Shareable => Visibility is "public" or "template";

    public static RecallView From(Engram engram)
    {
        var (from, until) = engram.ValidTime();
        return new RecallView(engram.Statement, engram.Summary, engram.Rationale, engram.Type, engram.Domain, engram.Tags,
            engram.Polarity, engram.Commitment, engram.Pinned, engram.Contraindications, from, until, engram.Positive, engram.Negative, engram.Visibility,
            Recall.RecallAnchors.Of(engram), Recall.EpisodicWeight.Of(engram), global::Cairn.Engrams.Associations.ObservedAssociations.Of(engram),
            Schema.JsonNumbers.Get(engram.Json["activation"]?["storage_strength"]) ?? 1.0);
    }
}

/// <summary>
/// Reserves a statement for one engram of one owner in one scope: in <c>engram_claims</c>, partitioned by owner, with id
/// SHA-256(scope, statement hash). Creating it is the atomic "is this statement new?" test that deduplication needs.
/// </summary>
public sealed record StatementClaim(Guid OwnerId, string Scope, string EngramId, DateTimeOffset? ClaimedAt = null)
{
    public static string DocumentId(string scope, string statementHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{scope}\n{statementHash}")));
}

/// <summary>Where an owner's engram lives: <c>engram_owners</c>, partitioned by owner, id = engram id.</summary>
public sealed record EngramPointer(string Scope, string Status, DateTimeOffset CreatedAt);

/// <summary>A previous content version: <c>engram_versions</c>, partitioned by owner, id <c>{engram id}:v{n}</c>.</summary>
public sealed record EngramVersionRecord(string EngramId, long Version, string EventId, DateTimeOffset ChangedAt, string Engram)
{
    // Names its queries filter and sort on, as stored (DocumentFieldNameTests checks them against the JSON).
    public static class Fields
    {
        public const string EngramId = "engram_id";
        public const string Version = "version";
    }

    public static string DocumentId(string engramId, long version) => $"{engramId}:v{version}";
}

public static partial class StatementHashes
{
    /// <summary>
    /// SHA-256 of the statement normalised for "same statement": Unicode NFC, trimmed, whitespace runs collapsed,
    /// lower-cased, trailing sentence punctuation dropped. Hex, lower case. The engram's <c>content_hash</c> is "sha256:" + this.
    /// </summary>
    public static string Of(string statement)
    {
        var normalised = Whitespace().Replace(Errors.UnicodeForms.ToNfc(statement).Trim(), " ").ToLowerInvariant().TrimEnd('.', '!', ';', ' ');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }

    public static string ContentHash(string statement) => $"sha256:{Of(statement)}";

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

/// <summary>Builds the stored form of an engram, deriving everything Cairn keeps beside the JSON.</summary>
public static class StoredEngrams
{
    public static StoredEngram Build(Engram engram, Guid ownerId, string owner, AccessHistory access, long recurrences,
        IReadOnlyList<Transition> transitions, DateTimeOffset createdAt, DateTimeOffset now, ActivationModel activation) =>
        new(ownerId, owner, engram.Id, engram.Scope, engram.Status, StatementHashes.Of(engram.Statement), engram.Polarity, engram.Pinned || engram.Locked, recurrences,
            DormantAt(engram, access, now, activation), access, RecallView.From(engram), transitions, createdAt, now, engram.ToText());

    /// <summary>When the dormancy job should look at it: never unless it is active and neither pinned nor locked.</summary>
    public static string DormantAt(Engram engram, AccessHistory access, DateTimeOffset now, ActivationModel activation) =>
        engram.Status == EngramStatus.Active && !engram.Pinned && !engram.Locked && activation.DormantAt(access, now) is { } at
            ? IsoDates.Sortable(at)
            : StoredEngram.Never;

    public static IReadOnlyList<Transition> With(this IReadOnlyList<Transition> transitions, Transition transition) =>
        [.. transitions.Skip(Math.Max(0, transitions.Count - StoredEngram.KeptTransitions + 1)), transition];
}
