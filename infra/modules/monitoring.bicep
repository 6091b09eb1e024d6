// Log Analytics workspace and a workspace-based Application Insights that accepts only Entra ID
// (the app's identity, with Monitoring Metrics Publisher) for ingestion.
param location string
param tags object
param logAnalyticsName string
param appInsightsName string

@description('Days Log Analytics keeps data; the first 31 days are included in the ingestion price.')
param retentionInDays int = 30

resource logs 'Microsoft.OperationalInsights/workspaces@2026-03-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    IngestionMode: 'LogAnalytics'
    // No instrumentation-key ingestion: the connection string alone cannot send telemetry.
    DisableLocalAuth: true
  }
}

output appInsightsName string = insights.name
output connectionString string = insights.properties.ConnectionString
