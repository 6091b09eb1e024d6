using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Cairn.Pulse;

// The groups an agent may join by itself: public channels only, topics.{name} and sessions.{id}. Private messages go to
// the agent as a Web PubSub user, never through a group, so no group is private. Names use '.' as Web PubSub's
// hierarchy separator so one wildcard role per prefix covers them in the cloud.
public static partial class PulseGroups
{
    public const string TopicPrefix = "topics.";
    public const string SessionPrefix = "sessions.";

    // Web PubSub client roles that let an agent join and leave exactly these groups.
    public static readonly IReadOnlyList<string> JoinRoles = ["webpubsub.joinLeaveGroups.topics.*", "webpubsub.joinLeaveGroups.sessions.*"];

    public const string Rule = "a group is 'topics.<name>' or 'sessions.<id>', where the name or id is 1-128 letters, digits, '_' or '-'.";

    public static string Topic(string name) => Joinable(TopicPrefix + name);

    public static string Session(Guid sessionId) => SessionPrefix + sessionId.ToString();

    // The groups a public session's events go to: sessions.<id>, and topics.<domain> with the domain lower-cased and
    // every run of other characters than letters, digits, '_' and '-' turned into one '-' ("Web Dev" →
    // "topics.web-dev").
    public static IReadOnlyList<string> ForSession(Guid sessionId, string? domain)
    {
        var topic = TopicName(domain);
        return topic is null ? [Session(sessionId)] : [TopicPrefix + topic, Session(sessionId)];
    }

    // The group name part for a domain or tag, or null when nothing usable is left.
    public static string? TopicName(string? domain)
    {
        if (string.IsNullOrWhiteSpace(domain))
        {
            return null;
        }
        var name = NotAllowed().Replace(domain.Trim().ToLowerInvariant(), "-").Trim('-');
        return name.Length == 0 ? null : name[..Math.Min(name.Length, 128)];
    }

    public static bool IsJoinable([NotNullWhen(true)] string? group) => group is not null && Pattern().IsMatch(group);

    private static string Joinable(string group) =>
        IsJoinable(group) ? group : throw new ArgumentException($"'{group}' is not a valid pulse group: {Rule}", nameof(group));

    [GeneratedRegex("[^a-z0-9_-]+")]
    private static partial Regex NotAllowed();

    [GeneratedRegex(@"^(topics|sessions)\.[A-Za-z0-9_-]{1,128}$")]
    private static partial Regex Pattern();
}
