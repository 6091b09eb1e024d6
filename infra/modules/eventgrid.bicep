// An Event Grid custom topic that receives Cairn's public events as CloudEvents 1.0 (docs/events.md). Keys are off:
// the app publishes as its managed identity, which gets EventGrid Data Sender on this topic only.
param location string
param tags object
param name string
param principalId string

// Built-in role: EventGrid Data Sender.
var dataSenderRoleId = 'd5a91429-5739-47e2-a06b-3470a27159e7'

resource topic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    publicNetworkAccess: 'Enabled'
    disableLocalAuth: true
  }
}

resource sender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, principalId, dataSenderRoleId)
  scope: topic
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataSenderRoleId)
  }
}

output name string = topic.name
output endpoint string = topic.properties.endpoint
