using Microsoft.Extensions.Options;

namespace Cairn.Engrams;

/// <summary>
/// Base-level activation from ACT-R: A(t) = ln(Σ tᵢ^-d), tᵢ the age of the i-th access in days (at least an hour,
/// so a fresh access is finite) and d the decay rate. Exact while every access is kept; beyond that the older
/// accesses enter through Petrov's (2006) approximation, assuming they were spread evenly between the first access
/// and the oldest kept one. Activation only falls while nothing happens, which is what lets a stored
/// "dormant at" time stand in for the formula in queries.
/// </summary>
public sealed class ActivationModel(IOptions<EngramOptions> options)
{
    public static readonly TimeSpan MinimumAge = TimeSpan.FromHours(1);

    private readonly double _decay = options.Value.DecayRate;
    private readonly double _floor = options.Value.StorageFloor;

    public double Threshold { get; } = options.Value.DormancyThreshold;

    public double Activation(AccessHistory history, DateTimeOffset now)
    {
        var sum = history.Recent.Sum(access => Math.Pow(AgeInDays(access, now), -_decay));
        var older = history.Count - history.Recent.Count;
        if (older > 0)
        {
            var tk = AgeInDays(history.Recent[0], now);
            var tn = Math.Max(AgeInDays(history.First, now), tk);
            sum += tn - tk < 1e-9
                ? older * Math.Pow(tk, -_decay)
                : older * (Math.Pow(tn, 1 - _decay) - Math.Pow(tk, 1 - _decay)) / ((1 - _decay) * (tn - tk));
        }
        return Math.Log(sum);
    }

    /// <summary>PLUR's 0–1 retrieval strength: the logistic of the activation (0.5 at A = 0, a single access a day old).</summary>
    public static double RetrievalStrength(double activation) => 1 / (1 + Math.Exp(-activation));

    /// <summary>Retrieval strength with PLUR's storage_strength as its floor: decay takes it no lower than storage × StorageFloor.</summary>
    public double RetrievalStrength(double activation, double storageStrength) =>
        Math.Max(RetrievalStrength(activation), Math.Clamp(storageStrength, 0, 1) * _floor);

    /// <summary>Dormancy further away than this is not scheduled: a much-used engram may otherwise reach past year 9999.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(100 * 365);

    /// <summary>
    /// The first moment, from <paramref name="now"/> on, at which the activation falls below the threshold if nothing
    /// else happens, to a second; null when that is beyond <see cref="Horizon"/>. Activation falls monotonically, so a
    /// doubling search then bisection finds it.
    /// </summary>
    public DateTimeOffset? DormantAt(AccessHistory history, DateTimeOffset now)
    {
        if (Activation(history, now) < Threshold)
        {
            return now;
        }
        if (Activation(history, now + Horizon) >= Threshold)
        {
            return null;
        }
        var step = TimeSpan.FromHours(1);
        var low = now;
        var high = now + step;
        while (Activation(history, high) >= Threshold)
        {
            low = high;
            step *= 2;
            high = now + (step < Horizon ? step : Horizon);
        }
        while (high - low > TimeSpan.FromSeconds(1))
        {
            var middle = low + (high - low) / 2;
            if (Activation(history, middle) >= Threshold)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }
        return high;
    }

    public static double AgeInDays(DateTimeOffset access, DateTimeOffset now)
    {
        var age = now - access;
        return (age < MinimumAge ? MinimumAge : age).TotalDays;
    }
}
