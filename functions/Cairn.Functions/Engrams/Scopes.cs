namespace Cairn.Engrams;

/// <summary>Who may recall an engram of a scope, from the scope's kind.</summary>
public enum ScopeReach
{
    /// <summary><c>user:</c> and <c>agent:</c>: only the engram's owner.</summary>
    Owner,

    /// <summary><c>workspace:{id}</c>: members of the workspace (Workspaces/).</summary>
    Members,

    /// <summary>
    /// <c>global</c>, <c>org:</c>, <c>space:</c>, <c>group:</c>, <c>project:</c>, <c>command:</c> and any other kind: every
    /// agent that names the scope. Cairn keeps no registry of groups, so a group is a namespace its users share by
    /// naming it; membership-checked sharing is what workspaces are for.
    /// </summary>
    Everyone,
}

/// <summary>
/// Scope conventions: <c>kind:path</c> (or a bare <c>global</c>). Narrowness orders recall, narrowest first:
/// user/agent 0, group/workspace 1, project/command and unknown kinds 2, space 3, org 4, global 5.
/// </summary>
public static class Scopes
{
    public const string Global = "global";

    public const int Broadest = 5;

    public static string Kind(string scope)
    {
        var colon = scope.IndexOf(':', StringComparison.Ordinal);
        return (colon < 0 ? scope : scope[..colon]).ToLowerInvariant();
    }

    public static int Rank(string scope) => Kind(scope) switch
    {
        "user" or "agent" => 0,
        "group" or "workspace" => 1,
        "space" => 3,
        "org" => 4,
        Global => Broadest,
        _ => 2,
    };

    public static ScopeReach Reach(string scope) => Kind(scope) switch
    {
        "user" or "agent" => ScopeReach.Owner,
        "workspace" => ScopeReach.Members,
        _ => ScopeReach.Everyone,
    };
}
