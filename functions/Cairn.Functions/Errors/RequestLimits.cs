namespace Cairn.Errors;

public static class RequestLimits
{
    /// <summary>Largest request body accepted anywhere (clipboard values are the biggest: 2 MB decoded).</summary>
    public const long MaxBodyBytes = 4 * 1024 * 1024;
}
