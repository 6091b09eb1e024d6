using Cairn.Tests.Engrams;
using Cairn.Tests.Support;

namespace Cairn.Tests.Seed;

// PLUR: learning an engram without a commitment makes it "leaning", the default of plur_learn.
public sealed class EngramCommitmentTests(AppFixture fixture)
{
    [Fact]
    public async Task ALearnedEngramIsLeaningUnlessItSaysOtherwise()
    {
        var agent = await EngramApi.RegisterAsync(fixture.App);

        var plain = await agent.LearnAsync(new { statement = $"Prefer {Cairn.Tests.Memory.Words.Marker()} small commits.", scope = "user:me", type = "behavioral" });
        var decided = await agent.LearnAsync(new { statement = $"Squash {Cairn.Tests.Memory.Words.Marker()} before merging.", scope = "user:me", type = "behavioral", commitment = "decided" });

        Assert.Equal("leaning", plain["engram"].Str("commitment"));
        Assert.Equal("decided", decided["engram"].Str("commitment"));
    }
}
