using Cairn.Engrams;
using Cairn.Tests.Support;
using Microsoft.Extensions.Options;

namespace Cairn.Tests.Engrams;

public sealed class ActivationTests(EngramAppFixture fixture) : IClassFixture<EngramAppFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static ActivationModel Model(double decay = 0.5, double threshold = -2.25) =>
        new(Options.Create(new EngramOptions { DecayRate = decay, DormancyThreshold = threshold }));

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.3)]
    [InlineData(0.8)]
    public void ActivationIsTheLogOfTheSummedPowerLawOfAccessAges(double d)
    {
        var history = AccessHistory.Starting(T0).Record(T0.AddDays(2)).Record(T0.AddDays(5.5));
        var now = T0.AddDays(10);

        var expected = Math.Log(Math.Pow(10, -d) + Math.Pow(8, -d) + Math.Pow(4.5, -d));

        Assert.Equal(expected, Model(d).Activation(history, now), 1e-9);
    }

    [Fact]
    public void AnAccessYoungerThanAnHourCountsAsAnHourOld()
    {
        var history = AccessHistory.Starting(T0);

        Assert.Equal(Math.Log(Math.Pow(1 / 24.0, -0.5)), Model().Activation(history, T0.AddMinutes(10)), 1e-9);
        Assert.Equal(Math.Log(Math.Pow(1 / 24.0, -0.5)), Model().Activation(history, T0), 1e-9);
    }

    [Fact]
    public void BeyondTheKeptAccessesTheOlderOnesAreApproximatedClosely()
    {
        var model = Model();
        var history = AccessHistory.Starting(T0);
        var times = new List<DateTimeOffset> { T0 };
        for (var day = 1; day < 200; day++)
        {
            history = history.Record(T0.AddDays(day));
            times.Add(T0.AddDays(day));
        }
        var now = T0.AddDays(230);

        var exact = Math.Log(times.Sum(t => Math.Pow((now - t).TotalDays, -0.5)));

        Assert.Equal(AccessHistory.Kept, history.Recent.Count);
        Assert.Equal(200, history.Count);
        Assert.Equal(exact, model.Activation(history, now), 0.01);
    }

    [Fact]
    public void DormancyComesWhenTheActivationCrossesTheThreshold()
    {
        var model = Model();
        var history = AccessHistory.Starting(T0);

        var dormantAt = model.DormantAt(history, T0);

        // ln(t^-0.5) = -2.25  ⇔  t = e^4.5 days.
        Assert.NotNull(dormantAt);
        Assert.Equal(Math.Exp(4.5), (dormantAt.Value - T0).TotalDays, 1.0 / 86400);
        Assert.True(model.Activation(history, dormantAt.Value) < model.Threshold);
        Assert.True(model.Activation(history, dormantAt.Value.AddSeconds(-1)) >= model.Threshold);
    }

    [Fact]
    public void AMuchUsedEngramIsNotScheduledForDormancyBeyondTheHorizon()
    {
        var history = AccessHistory.Starting(T0);
        for (var i = 1; i < 500; i++)
        {
            history = history.Record(T0.AddMinutes(i));
        }

        Assert.Null(Model().DormantAt(history, T0.AddDays(1)));
    }

    [Fact]
    public void RetrievalStrengthIsTheLogisticOfActivation()
    {
        Assert.Equal(0.5, ActivationModel.RetrievalStrength(0), 1e-12);
        Assert.Equal(1 / (1 + Math.Exp(2.25)), ActivationModel.RetrievalStrength(-2.25), 1e-12);
    }

    [Fact]
    public async Task RecallRecordsAccessesAndTheActivationFollowsTheFormula()
    {
        var clock = fixture.Clock;
        var agent = await fixture.AgentAsync();
        var scope = $"project:{Guid.NewGuid():N}";
        var learnedAt = clock.GetUtcNow();
        var id = await agent.ActiveAsync("Zebra crossings need a flashing beacon.", scope);
        clock.Advance(TimeSpan.FromDays(2));
        await agent.RecallAsync(new { query = "zebra beacon", scopes = new[] { scope } });
        await fixture.AccessesAppliedAsync();
        clock.Advance(TimeSpan.FromDays(3.5));
        var lastRecall = clock.GetUtcNow();
        await agent.RecallAsync(new { query = "zebra beacon", scopes = new[] { scope } });
        await fixture.AccessesAppliedAsync();
        clock.Advance(TimeSpan.FromDays(4.25));

        var read = await agent.GetAsync(id);

        var now = clock.GetUtcNow();
        var expected = Math.Log(new[] { learnedAt, learnedAt.AddDays(2), lastRecall }.Sum(t => Math.Pow((now - t).TotalDays, -0.5)));
        Assert.Equal(expected, (double)read["meta"]!["activation"]!, 1e-9);
        var activation = read["engram"]!["activation"]!;
        Assert.Equal(2, (int)activation["frequency"]!);
        Assert.Equal(lastRecall, DateTimeOffset.Parse(activation.Str("last_accessed"), System.Globalization.CultureInfo.InvariantCulture));
        var atLastRecall = Math.Log(Math.Pow(5.5, -0.5) + Math.Pow(3.5, -0.5) + Math.Pow(1 / 24.0, -0.5));
        Assert.Equal(Math.Round(1 / (1 + Math.Exp(-atLastRecall)), 4), (double)activation["retrieval_strength"]!, 1e-9);
        Assert.Equal(2, (int)read["engram"]!["usage"]!["injections"]!);
    }
}
