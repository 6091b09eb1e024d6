namespace Cairn.Tests.Support;

// Client addresses for X-Forwarded-For that no other test in the run can share. Per-address limits (registrations, the
// request rate) count across every test that talks to one database, so a randomly picked address from a small range
// now and then collides with another test's fixed or random one and trips its limit.
public static class ClientAddress
{
    private static int _next;

    // An address in IPv6's documentation range (2001:db8::/32): a counter makes it unique within the process.
    public static string Unique()
    {
        var run = (uint)Environment.ProcessId;
        var n = (uint)Interlocked.Increment(ref _next);
        var salt = Guid.NewGuid().ToByteArray();
        // Random high groups, so the address also stands alone if a limit ever groups IPv6 clients by their /64.
        return $"2001:db8:{salt[0] << 8 | salt[1]:x}:{salt[2] << 8 | salt[3]:x}:{salt[4] << 8 | salt[5]:x}:{run & 0xffff:x}:{n >> 16:x}:{n & 0xffff:x}";
    }
}
