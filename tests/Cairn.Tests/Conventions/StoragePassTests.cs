using System.Reflection;
using Cairn.Tests.Support;

namespace Cairn.Tests.Conventions;

// The Cosmos pass of scripts/test runs only tests not marked "None" or "Own"; these hold that mark to the truth.
public sealed class StoragePassTests
{
    private readonly AppFixture _fixture;
    private readonly Exception? _constructorError;

    public StoragePassTests(AppFixture fixture)
    {
        _fixture = fixture;
        _constructorError = Record.Exception(() => fixture.App);
    }

    [Fact, Trait("Storage", "None")]
    public void ATestMarkedAsUsingNoStoreFailsWhenItsConstructorReachesTheSharedApp()
    {
        Assert.IsType<Xunit.Sdk.XunitException>(_constructorError);
    }

    [Fact, Trait("Storage", "None")]
    public void ATestMarkedAsUsingNoStoreFailsWhenItReachesTheSharedApp()
    {
        var error = Assert.Throws<Xunit.Sdk.XunitException>(() => _fixture.App);

        Assert.Contains("[Trait(\"Storage\", \"None\")]", error.Message);
        Assert.Contains("the shared app", error.Message);
    }

    [Fact, Trait("Storage", "None")]
    public void ATestMarkedAsUsingNoStoreFailsWhenItOpensADatabase()
    {
        Assert.Throws<Xunit.Sdk.XunitException>(() => CosmosTestServer.Endpoint);
    }

    [Fact, Trait("Storage", "Own")]
    public void ATestWithAStoreOfItsOwnFailsWhenItReachesTheConfiguredStore()
    {
        var error = Assert.Throws<Xunit.Sdk.XunitException>(() => StorageMode.IsCosmos);

        Assert.Contains("[Trait(\"Storage\", \"Own\")]", error.Message);
    }

    [Fact, Trait("Storage", "Own")]
    public void ATestWithAStoreOfItsOwnMayOpenOne()
    {
        Assert.NotEmpty(CosmosTestServer.Endpoint);
    }

    [Fact]
    public void AnUnmarkedTestReachesTheSharedApp()
    {
        Assert.Null(_constructorError);
        Assert.NotNull(_fixture.App);
    }

    [Fact, Trait("Storage", "None")]
    public void NoTestClassThatTakesAnAppIsMarkedOutOfTheCosmosPass()
    {
        var marked = typeof(StoragePassTests).Assembly.GetTypes()
            .Where(type => TestNamingTests.TestMethods().Any(method => method.DeclaringType == type || type.IsSubclassOf(method.DeclaringType!)))
            .Where(type => type.GetCustomAttributes<TraitAttribute>().Any(trait => trait.Name == StoragePass.Trait))
            .Where(TakesAnApp)
            .Select(type => type.Name)
            .ToList();

        Assert.True(marked.Count == 0, $"These classes take an app, so they use the configured document store, yet are marked out of the Cosmos pass: {string.Join(", ", marked)}");
        Assert.True(TakesAnApp(typeof(StoragePassTests)), "the check must recognise a class that takes the shared app");
    }

    private static bool TakesAnApp(Type type)
    {
        var fixtures = type.GetConstructors().SelectMany(constructor => constructor.GetParameters()).Select(parameter => parameter.ParameterType)
            .Concat(type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IClassFixture<>)).Select(i => i.GetGenericArguments()[0]));
        return fixtures.Any(fixture => typeof(AppFixture).IsAssignableFrom(fixture) || fixture == typeof(CairnApp)
            || fixture.GetProperties().Any(property => property.PropertyType == typeof(CairnApp)));
    }
}
