using System.Net;
using Cairn.Agents;
using Cairn.Tests.Support;

namespace Cairn.Tests.Agents;

// What a client can send to escape the per-address registration limit behind the Functions host: more X-Forwarded-For
// entries, or a fresh IPv6 address from its own /64 for each request.
public sealed class ClientAddressKeyTests(AppFixture fixture)
{
    private static string FreshSlash64() =>
        $"2001:db8:{Random.Shared.Next(0x10000):x}:{Random.Shared.Next(0x10000):x}";

    private Task<HttpResponseMessage> RegisterFromAsync(string forwardedFor)
    {
        var client = fixture.App.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return client.PostJsonAsync("/api/v1/agents/register", new { name = "Rotating", username = $"rot-{Guid.NewGuid():N}"[..20] });
    }

    [Fact]
    public async Task AddressesAClientPutsBeforeTheOneItsProxyAppendsDoNotEscapeTheLimit()
    {
        // The front end appends the address it saw to whatever the client sent; only that last entry counts.
        var real = ClientAddress.Unique();
        for (var i = 0; i < 5; i++)
        {
            await (await RegisterFromAsync($"198.51.100.{i + 1}, {real}")).JsonAsync(HttpStatusCode.Created);
        }

        await (await RegisterFromAsync($"203.0.113.99, {real}")).ProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task FrontDoorHeadersAClientWritesItselfDoNotEscapeTheLimit()
    {
        // No Front Door is deployed, so X-Azure-* headers come from the client (docs/deploy.md, "Forwarded headers").
        var real = ClientAddress.Unique();
        for (var i = 0; i < 6; i++)
        {
            var client = fixture.App.CreateClient();
            client.DefaultRequestHeaders.Add("X-Forwarded-For", real);
            client.DefaultRequestHeaders.Add("X-Azure-ClientIP", $"198.51.100.{i + 1}");
            client.DefaultRequestHeaders.Add("X-Azure-SocketIP", $"198.51.100.{i + 1}");
            client.DefaultRequestHeaders.Add("X-Azure-FDID", Guid.NewGuid().ToString());
            var response = await client.PostJsonAsync("/api/v1/agents/register", new { name = "Fronted", username = $"fd-{Guid.NewGuid():N}"[..20] });
            if (i < 5)
            {
                await response.JsonAsync(HttpStatusCode.Created);
            }
            else
            {
                await response.ProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
            }
        }
    }

    [Fact]
    public async Task AnIpv6ClientTakingAFreshAddressFromItsSlash64ForEachRequestIsOneClient()
    {
        var network = FreshSlash64();
        for (var i = 0; i < 5; i++)
        {
            await (await RegisterFromAsync($"{network}:{Guid.NewGuid().ToString("N")[..4]}::{i + 1}")).JsonAsync(HttpStatusCode.Created);
        }

        await (await RegisterFromAsync($"{network}:ffff::99")).ProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        await (await RegisterFromAsync($"{FreshSlash64()}::1")).JsonAsync(HttpStatusCode.Created);
    }

    [Theory]
    [Trait(StoragePass.Trait, StoragePass.None)]
    [InlineData("203.0.113.9", "203.0.113.9")]
    [InlineData("::ffff:203.0.113.9", "203.0.113.9")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::ffff", "2001:db8:1:2::/64")]
    [InlineData("::1", "::/64")]
    public void TheLimitCountsIpv4AddressesAsThemselvesAndIpv6ByTheirSlash64(string address, string key)
    {
        Assert.Equal(key, ClientNetwork.Key(IPAddress.Parse(address)));
    }
}
