//! The configuration as the evaluator sees it: attributes and blocks from either syntax,
//! borrowing the parsed expressions (HCL native or Terraform JSON).

use hcl_edit::expr::Expression;

use crate::model::Origin;

#[derive(Clone, Copy, Debug)]
pub enum Expr<'a> {
    Hcl(&'a Expression),
    /// A Terraform JSON value: strings are templates, objects and arrays are evaluated inside.
    Json(&'a serde_json::Value),
}

#[derive(Debug)]
pub struct Attr<'a> {
    pub name: &'a str,
    pub expr: Expr<'a>,
    /// The whole `key = value`.
    pub origin: Origin,
}

#[derive(Debug)]
pub struct Block<'a> {
    pub kind: &'a str,
    pub labels: Vec<&'a str>,
    pub body: Body<'a>,
    /// From the block start through its labels.
    pub origin: Origin,
}

#[derive(Debug, Default)]
pub struct Body<'a> {
    pub attrs: Vec<Attr<'a>>,
    pub blocks: Vec<Block<'a>>,
}

impl<'a> Body<'a> {
    pub fn attr(&self, name: &str) -> Option<&Attr<'a>> {
        self.attrs.iter().find(|a| a.name == name)
    }
}
