namespace Cairn.Engrams;

/// <summary>An engram's lifecycle status, as PLUR writes it in the engram's <c>status</c> field.</summary>
public static class EngramStatus
{
    public const string Active = "active";
    public const string Dormant = "dormant";
    public const string Retired = "retired";
    public const string Candidate = "candidate";
    public static readonly string[] All = [Active, Dormant, Retired, Candidate];
}
