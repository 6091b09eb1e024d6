using Cairn.Errors;
using Cairn.Storage;
using Microsoft.Extensions.Options;

namespace Cairn.Agents;

/// <summary>
/// A sliding-window log per client IP, stored as one document, so the limit holds across every instance of the app.
/// Optimistic concurrency (create-or-replace with ETag) keeps concurrent registrations from slipping past it.
/// </summary>
public sealed class RegistrationLimiter(IDocumentStore store, TimeProvider clock, IOptions<AgentOptions> options)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    public async Task AcquireAsync(string clientIp, CancellationToken cancellationToken)
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
                throw new ApiProblem(StatusCodes.Status429TooManyRequests, "rate_limited",
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
                return;
            }
            catch (StorageException exception) when (exception is DocumentConflictException or DocumentPreconditionFailedException or DocumentNotFoundException)
            {
                // Another registration from the same address won the race; re-read and count again.
            }
        }
        throw new ApiProblem(StatusCodes.Status429TooManyRequests, "rate_limited", "Too many simultaneous registrations from one address; retry shortly.")
        {
            RetryAfter = TimeSpan.FromSeconds(1),
        };
    }

    public sealed record RateWindow(List<DateTimeOffset> Hits);
}
