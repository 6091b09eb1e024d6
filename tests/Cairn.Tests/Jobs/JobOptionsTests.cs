using Cairn.Tests.Support;
using Microsoft.Extensions.Options;

namespace Cairn.Tests.Jobs;

public sealed class JobOptionsTests(AppFixture fixture)
{
    [Theory]
    [InlineData("00:00:00")]
    [InlineData("02:00:00")]
    public async Task ARunBudgetOutsideOneSecondToOneHourStopsStartUp(string budget)
    {
        await using var app = new CairnApp(fixture.Database, new Dictionary<string, string?> { ["Cairn:Jobs:RunBudget"] = budget });

        var error = Assert.IsType<OptionsValidationException>(app.StartupFailure());

        Assert.Contains("RunBudget", error.Message, StringComparison.Ordinal);
    }
}
