using Cairn.Errors;
using Cairn.Storage;
using Microsoft.Extensions.Options;

namespace Cairn.Agents;

// A sliding-window log per client IP, stored as one document, so the limit holds across every instance of the app.
// Optimistic concurrency (create-or-replace with ETag) keeps concurrent registrations from slipping past it. A place is
// taken before the registration runs and given back when it fails, so only successes count.
public sealed class RegistrationLimiter(IDocumentStore store, TimeProvider clock, IOptions<AgentOptions> options)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    // Takes a place in the client's window, or refuses with 429; returns the place's time, for ReleaseAsync.
    public async Task<DateTimeOffset> AcquireAsync(string clientIp, CancellationToken cancellationToken)
    {
        var id = $"register:{clientIp}";
        var limit = options.Value.RegistrationsPerHour;
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var now = clock.GetUtcNow();
            var current = await store.ReadAsync<RateWindow>(Containers.RateLimits, id, id, cancellationToken);
            var recent = current?.Body.Hits.Where(hit => hit > now - Window).OrderBy(hit => hit).ToList() ?? [];
            if (recent.Count >= limit)
            {
                throw new QuotaExceededException("rate_limited",
                    $"At most {limit} registrations per hour are allowed from one address; try again later.")
                {
                    RetryAfter = recent[^limit] + Window - now,
                };
            }

            recent.Add(now);
            var window = new RateWindow(recent);
            var ttl = new WriteOptions(Window);
            try
            {
                if (current is null)
                {
                    await store.CreateAsync(Containers.RateLimits, id, id, window, ttl, cancellationToken);
                }
                else
                {
                    await store.ReplaceAsync(Containers.RateLimits, id, id, window, current.ETag, ttl, cancellationToken);
                }
                return now;
            }
            catch (StorageException exception) when (exception is DocumentConflictException or DocumentPreconditionFailedException or DocumentNotFoundException)
            {
                // Another registration from the same address won the race; re-read and count again.
            }
        }
        throw new QuotaExceededException("rate_limited", "Too many simultaneous registrations from one address; retry shortly.")
        {
            RetryAfter = TimeSpan.FromSeconds(1),
        };
    }

    // Gives back the place taken at hit: the registration it was for did not happen.
    public async Task ReleaseAsync(string clientIp, DateTimeOffset hit, CancellationToken cancellationToken)
    {
        var id = $"register:{clientIp}";
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var current = await store.ReadAsync<RateWindow>(Containers.RateLimits, id, id, cancellationToken);
            if (current is null || !current.Body.Hits.Contains(hit))
            {
                return;
            }
            var hits = current.Body.Hits.ToList();
            hits.Remove(hit);
            try
            {
                await store.ReplaceAsync(Containers.RateLimits, id, id, new RateWindow(hits), current.ETag, new WriteOptions(Window), cancellationToken);
                return;
            }
            catch (StorageException exception) when (exception is DocumentPreconditionFailedException or DocumentNotFoundException)
            {
                // A concurrent registration changed the window; re-read and remove the place again.
            }
        }
    }

    public sealed record RateWindow(List<DateTimeOffset> Hits);
}
