use std::collections::BTreeMap;
use std::sync::Arc;

use warden_protocol::ScopeSet;

use crate::Tool;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistryError {
    #[error("two tools are named '{0}'")]
    Duplicate(String),
}

/// Collects tools from each family's `register` function.
#[derive(Default)]
pub struct RegistryBuilder {
    tools: BTreeMap<&'static str, Arc<dyn Tool>>,
    duplicate: Option<String>,
}

impl RegistryBuilder {
    pub fn add(&mut self, tool: Arc<dyn Tool>) -> &mut Self {
        let name = tool.spec().name;
        if self.tools.insert(name, tool).is_some() && self.duplicate.is_none() {
            self.duplicate = Some(name.to_owned());
        }
        self
    }

    pub fn build(self) -> Result<Registry, RegistryError> {
        match self.duplicate {
            Some(name) => Err(RegistryError::Duplicate(name)),
            None => Ok(Registry {
                tools: Arc::new(self.tools),
            }),
        }
    }
}

/// Every tool, by name. Cheap to clone: the map is shared (the server's state, which holds one,
/// is cloned for every request by each layer it passes).
#[derive(Clone, Default)]
pub struct Registry {
    tools: Arc<BTreeMap<&'static str, Arc<dyn Tool>>>,
}

impl Registry {
    pub fn get(&self, name: &str) -> Option<&Arc<dyn Tool>> {
        self.tools.get(name)
    }

    /// All tools, by name.
    pub fn all(&self) -> impl Iterator<Item = &Arc<dyn Tool>> {
        self.tools.values()
    }

    /// The tools a caller with these scopes may see and run.
    pub fn visible_to<'a>(
        &'a self,
        scopes: &'a ScopeSet,
    ) -> impl Iterator<Item = &'a Arc<dyn Tool>> + 'a {
        self.tools
            .values()
            .filter(move |tool| scopes.allows(tool.spec().scope))
    }

    pub fn len(&self) -> usize {
        self.tools.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tools.is_empty()
    }
}
