// Draws the actor graph: curved edges (width = support, colour = quad class), nodes, labels.
D.draw=function(el,scene){
 const defs=el("defs",{},scene);
 D.colors.forEach((c,i)=>{const m=el("marker",{id:"a"+i,viewBox:"0 0 10 10",refX:"10",refY:"5",
  markerUnits:"userSpaceOnUse",markerWidth:"14",markerHeight:"14",orient:"auto-start-reverse"},defs);el("path",{d:"M0,0L10,5L0,10z",fill:c},m);});
 const eg=el("g",{id:"edges"},scene),ng=el("g",{id:"nodes"},scene);
 D.edges.forEach(e=>{const a=D.nodes[e.s],b=D.nodes[e.t];
  const dx=b.x-a.x,dy=b.y-a.y,len=Math.hypot(dx,dy)||1,x2=b.x-dx/len*(b.r+2),y2=b.y-dy/len*(b.r+2);
  const mx=(a.x+x2)/2-dy/len*12,my=(a.y+y2)/2+dx/len*12,d="M"+a.x+","+a.y+"Q"+mx+","+my+" "+x2+","+y2;
  const g=el("g",{class:"tie"},eg);
  el("path",{d:d,class:"hit","data-i":e.tip},g);
  el("path",{d:d,class:"edge",stroke:D.colors[e.c],"stroke-width":e.w,"marker-end":"url(#a"+e.c+")"},g);});
 D.nodes.forEach(n=>{const g=el("g",{class:"node"},ng);
  el("circle",{cx:n.x,cy:n.y,r:n.r,fill:n.color,"data-i":n.tip,class:"mark"},g);
  const t=el("text",{x:n.x+n.r+3,y:n.y+4},g);t.textContent=n.label;});
};
