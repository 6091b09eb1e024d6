namespace Cairn.Tests.Support;

// Client addresses for X-Forwarded-For that no other test in the run can share. Per-address limits (registrations, the
// request rate) count across every test that talks to one database, so a randomly picked address from a small range
// now and then collides with another test's fixed or random one and trips its limit.
public static class ClientAddress
{
    private static int _next;

    // An address in IPv6's documentation range (2001:db8::/32) whose /64 (what the limits count IPv6 clients under) holds a
    // counter, so no two clients of this process share one; the rest is random.
    public static string Unique()
    {
        var n = (uint)Interlocked.Increment(ref _next);
        var salt = Guid.NewGuid().ToByteArray();
        return $"2001:db8:{n >> 16:x}:{n & 0xffff:x}:{salt[0] << 8 | salt[1]:x}:{salt[2] << 8 | salt[3]:x}:{salt[4] << 8 | salt[5]:x}:{salt[6] << 8 | salt[7]:x}";
    }
}
