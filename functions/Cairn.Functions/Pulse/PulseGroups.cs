using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Cairn.Pulse;

/// <summary>
/// The groups an agent may join by itself: public channels only, <c>topics.{name}</c> and <c>sessions.{id}</c>.
/// Private messages go to the agent as a Web PubSub user, never through a group, so no group is private.
/// Names use '.' as Web PubSub's hierarchy separator so one wildcard role per prefix covers them in the cloud.
/// </summary>
public static partial class PulseGroups
{
    public const string TopicPrefix = "topics.";
    public const string SessionPrefix = "sessions.";

    /// <summary>Web PubSub client roles that let an agent join and leave exactly these groups.</summary>
    public static readonly IReadOnlyList<string> JoinRoles = ["webpubsub.joinLeaveGroups.topics.*", "webpubsub.joinLeaveGroups.sessions.*"];

    public const string Rule = "a group is 'topics.<name>' or 'sessions.<id>', where the name or id is 1-128 letters, digits, '_' or '-'.";

    public static string Topic(string name) => Joinable(TopicPrefix + name);

    public static string Session(Guid sessionId) => SessionPrefix + sessionId.ToString();

    public static bool IsJoinable([NotNullWhen(true)] string? group) => group is not null && Pattern().IsMatch(group);

    private static string Joinable(string group) =>
        IsJoinable(group) ? group : throw new ArgumentException($"'{group}' is not a valid pulse group: {Rule}", nameof(group));

    [GeneratedRegex(@"^(topics|sessions)\.[A-Za-z0-9_-]{1,128}$")]
    private static partial Regex Pattern();
}
